package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's docker-compose.yml and Prometheus config, checked without a Docker daemon: the
 * files are valid for their tools, and every flag, port, topic and path agrees with the gateway.
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  private static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");

  @Test
  void composeFileIsValid() throws Exception {
    Path compose = ExternalTools.require("docker-compose", "docker-compose");
    ExternalTools.Result r = ExternalTools.run(List.of(compose.toString(), "-f", COMPOSE.toString(), "config", "-q"), 60);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void prometheusConfigIsValid() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    ExternalTools.Result r = ExternalTools.run(List.of(promtool.toString(), "check", "config", PROMETHEUS.toString()), 60);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void theGatewayAcceptsTheComposeFlagsAndTheyAgreeWithTheOtherServices() throws Exception {
    Map<String, Object> services = map(load(COMPOSE).get("services"));
    Map<String, Object> pushbridge = map(services.get("pushbridge"));
    assertEquals(".", pushbridge.get("build"), "built from the repository's Dockerfile");
    List<String> command = strings(pushbridge.get("command"));
    GatewayConfig config = Flags.toConfig(Flags.PARSER.parse(command.toArray(new String[0])));

    assertEquals("kafka:29092", config.kafka().bootstrapServers());
    String kafkaEnv = map(map(services.get("kafka")).get("environment")).get("KAFKA_ADVERTISED_LISTENERS").toString();
    assertTrue(kafkaEnv.contains("INTERNAL://kafka:29092"), kafkaEnv);
    String init = strings(map(services.get("kafka-init")).get("command")).get(0);
    for (String topic : config.kafka().topics()) {
      assertTrue(init.contains("--topic " + topic + " "), init);
    }
    assertTrue(init.contains("--topic " + config.kafka().dlqTopic() + " "), init);

    int port = config.listenAddresses().get(0).port();
    assertEquals(List.of(port + ":" + port), strings(pushbridge.get("ports")));
    assertEquals(List.of("pushbridge-data:" + config.persistenceDirectory()), strings(pushbridge.get("volumes")));
    String health = strings(map(pushbridge.get("healthcheck")).get("test")).get(1);
    assertTrue(health.contains("http://localhost:" + port + "/-/ready"), health);

    Map<String, Object> scrape = map(((List<?>) load(PROMETHEUS).get("scrape_configs")).get(0));
    assertEquals(true, scrape.get("honor_labels"));
    assertEquals(List.of("pushbridge:" + port),
        strings(map(((List<?>) scrape.get("static_configs")).get(0)).get("targets")));
    assertEquals(List.of("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"),
        strings(map(services.get("prometheus")).get("volumes")));
  }

  @Test
  void theDockerfileDefaultsMatchTheComposeFile() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertTrue(dockerfile.contains("CMD [\"--persistence.file=/data\"]"), dockerfile);
    assertTrue(dockerfile.contains("EXPOSE 9091"), dockerfile);
    assertTrue(dockerfile.contains("curl"), "the compose health check runs curl in the image");
  }

  @Test
  void readmeDocumentsEveryKafkaFlagAndTheComposeSetup() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    for (FlagParser.Flag f : KafkaFlags.FLAGS) {
      String documented = "`--" + f.name() + (f.properties() ? ".<property>=<value>`" : "`");
      assertTrue(readme.contains("| " + documented + " |"), documented);
    }
    assertTrue(readme.contains("docker compose up --build"));
    assertTrue(readme.contains("--kafka.bootstrap-servers=kafka:29092"));
  }

  private static Map<String, Object> load(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    return map(yaml.load(Files.readString(file, StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "expected a mapping, got " + o);
    return (Map<String, Object>) o;
  }

  private static List<String> strings(Object o) {
    assertTrue(o instanceof List, "expected a list, got " + o);
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }
}
