package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's curl walk-through, command by command, run by {@code sh} with the real curl against a
 * gateway on a random port. Every command is checked to appear verbatim in the README, so the two
 * cannot drift apart.
 */
class CurlWalkthroughTest {
  @TempDir static Path dir;
  private static RunningGateway gw;
  private static String readme;

  static final String PUSH_ONE =
      "echo \"some_metric 3.14\" | curl --data-binary @- http://localhost:9091/metrics/job/some_job";
  static final String PUSH_MANY = """
      cat <<'EOF' | curl --data-binary @- http://localhost:9091/metrics/job/some_job/instance/some_instance
      # TYPE some_metric untyped
      some_metric{label="val1"} 42
      # TYPE another_metric gauge
      # HELP another_metric Just an example.
      another_metric 2398.283
      EOF""";
  static final String SCRAPE = "curl -s http://localhost:9091/metrics | grep some_metric";
  static final String POST = "echo \"another_metric 12\" | curl -X POST --data-binary @- http://localhost:9091/metrics/job/some_job/instance/some_instance";
  static final String PUT = "echo \"another_metric 13\" | curl -X PUT --data-binary @- http://localhost:9091/metrics/job/some_job/instance/some_instance";
  static final String BASE64 = "echo \"backup_bytes 1e9\" | curl --data-binary @- http://localhost:9091/metrics/job/backup/path@base64/L3Zhci90bXA";
  static final String JSON = "curl -s http://localhost:9091/api/v1/metrics";
  static final String DELETE = "curl -X DELETE http://localhost:9091/metrics/job/some_job/instance/some_instance";
  static final String WIPE = "curl -X PUT http://localhost:9091/api/v1/admin/wipe";
  static final String PUSH_OPENMETRICS = """
      printf '%s\\n' '# TYPE jobs counter' '# HELP jobs Jobs run.' \\
        'jobs_total{result="ok"} 17 # {trace_id="abc123"} 1.0' 'jobs_created{result="ok"} 1.7e9' \\
        '# TYPE build info' 'build_info{version="1.2"} 1' '# EOF' |
        curl --data-binary @- -H 'Content-Type: application/openmetrics-text; version=1.0.0' \\
          http://localhost:9091/metrics/job/om_job""";

  @BeforeAll
  static void start() throws Exception {
    ExternalTools.require("curl", "curl");
    readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize(), StandardCharsets.UTF_8);
    gw = RunningGateway.start(dir, "--web.enable-admin-api");
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static String sh(String command) throws Exception {
    assertTrue(readme.contains(command), "README.md does not contain the command:\n" + command);
    String local = command.replace("http://localhost:9091", gw.base);
    ExternalTools.Result r = ExternalTools.run(List.of("sh", "-c", local), 60);
    assertEquals(0, r.exitCode(), command + "\n" + r.output());
    return r.output();
  }

  private static String value(JsonNode group, String family) {
    return group.get(family).get("metrics").get(0).get("value").asText();
  }

  @Test
  void walkThrough() throws Exception {
    sh(PUSH_ONE);
    assertEquals("3.14", value(gw.group("job", "some_job"), "some_metric"));

    sh(PUSH_MANY);
    JsonNode g = gw.group("job", "some_job", "instance", "some_instance");
    assertEquals("42", value(g, "some_metric"));
    assertEquals("Just an example.", g.get("another_metric").get("help").asText());

    String scraped = sh(SCRAPE);
    assertTrue(scraped.contains("some_metric{instance=\"\",job=\"some_job\"} 3.14\n"), scraped);
    assertTrue(scraped.contains("some_metric{instance=\"some_instance\",job=\"some_job\",label=\"val1\"} 42\n"), scraped);

    sh(POST);
    g = gw.group("job", "some_job", "instance", "some_instance");
    assertEquals("12", value(g, "another_metric"));
    assertEquals("42", value(g, "some_metric"));

    sh(PUT);
    g = gw.group("job", "some_job", "instance", "some_instance");
    assertEquals("13", value(g, "another_metric"));
    assertFalse(g.has("some_metric"));

    sh(BASE64);
    assertEquals("1e+09", value(gw.group("job", "backup", "path", "/var/tmp"), "backup_bytes"));

    JsonNode api = RunningGateway.parse(sh(JSON));
    assertEquals("success", api.get("status").asText());
    assertEquals(3, api.get("data").size());

    sh(DELETE);
    assertNull(gw.group("job", "some_job", "instance", "some_instance"));
    assertNotNull(gw.group("job", "some_job"));

    sh(WIPE);
    assertEquals(0, gw.groups().size());
  }

  @Test
  void openMetricsPush() throws Exception {
    sh(PUSH_OPENMETRICS);
    JsonNode g = gw.group("job", "om_job");
    assertNotNull(g, "the OpenMetrics push was refused");
    assertEquals("17", value(g, "jobs_total"));
    assertEquals("COUNTER", g.get("jobs_total").get("type").asText());
    assertEquals("1", value(g, "build_info"));
    assertEquals(202, gw.http.send("DELETE", "/metrics/job/om_job", null).statusCode());
  }
}
