package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** client_java's own Pushgateway exporter against the gateway, in both of its body formats. */
class ClientJavaPushTest {
  @TempDir static Path dir;
  private static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(dir);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static PushGateway client(PrometheusRegistry registry, Format format, String job) {
    return PushGateway.builder()
        .address("127.0.0.1:" + gw.port)
        .format(format)
        .job(job)
        .groupingKey("path", "/var/tmp")
        .groupingKey("empty", "")
        .groupingKey("plain", "v1")
        .registry(registry)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void pushPushAddAndDelete(Format format) throws Exception {
    String job = "java-" + format.name().toLowerCase(java.util.Locale.ROOT);
    String[] key = {"job", job, "path", "/var/tmp", "empty", "", "plain", "v1"};

    PrometheusRegistry first = new PrometheusRegistry();
    Counter.builder().name("batch_records_total").help("Records processed.").register(first).inc(42);
    Gauge.builder().name("batch_last_success_seconds").help("Last success.").register(first).set(1.7e9);
    client(first, format, job).push();
    JsonNode g = gw.group(key);
    assertNotNull(g, "pushed group with base64 and empty grouping values");
    assertEquals("42", g.get("batch_records_total").get("metrics").get(0).get("value").asText());
    assertEquals("COUNTER", g.get("batch_records_total").get("type").asText());
    assertEquals("Records processed.", g.get("batch_records_total").get("help").asText());
    assertEquals("1.7e+09", g.get("batch_last_success_seconds").get("metrics").get(0).get("value").asText());

    PrometheusRegistry second = new PrometheusRegistry();
    Gauge.builder().name("batch_duration_seconds").help("Duration.").register(second).set(12.5);
    client(second, format, job).pushAdd();
    g = gw.group(key);
    assertNotNull(g.get("batch_records_total"), "pushAdd keeps other families");
    assertEquals("12.5", g.get("batch_duration_seconds").get("metrics").get(0).get("value").asText());

    client(second, format, job).push();
    g = gw.group(key);
    assertNull(g.get("batch_records_total"), "push replaces the whole group");

    client(second, format, job).delete();
    assertNull(gw.group(key));
  }
}
