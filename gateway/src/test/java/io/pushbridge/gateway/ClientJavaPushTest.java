package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_32_0.Metrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  /**
   * client_java's histograms are classic and native at once, and its exporter pushes protobuf: a
   * protobuf scrape, which Prometheus asks for with native histograms enabled, gets the histogram
   * back as the client itself exposes it, grouping labels added and its created timestamp left out
   * (README, "What differs from upstream").
   */
  @Test
  void aProtobufScrapeReturnsAClientJavaHistogramWithItsNativeBuckets() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Histogram histogram = Histogram.builder().name("batch_item_seconds").help("Per item.").register(registry);
    for (double v : new double[] {0.004, 0.3, 0.3, 2.5, 0}) {
      histogram.observe(v);
    }
    PushGateway.builder().address("127.0.0.1:" + gw.port).job("java-native").registry(registry).build().push();

    ByteArrayOutputStream own = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusProtobufWriter().write(own, registry.scrape());
    Metrics.Histogram pushed = family(new ByteArrayInputStream(own.toByteArray()), "batch_item_seconds")
        .getMetric(0).getHistogram();
    assertTrue(pushed.getPositiveSpanCount() > 0, "client_java sent no native buckets: " + pushed);

    HttpResponse<byte[]> scrape = gw.http.getBytes("/metrics", "Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    assertEquals(200, scrape.statusCode());
    Metrics.Metric scraped = family(new ByteArrayInputStream(scrape.body()), "batch_item_seconds").getMetric(0);
    assertEquals(pushed.toBuilder().clearCreatedTimestamp().build(), scraped.getHistogram());
    assertEquals("job", scraped.getLabel(1).getName());
    assertEquals("java-native", scraped.getLabel(1).getValue());
  }

  private static Metrics.MetricFamily family(InputStream delimited, String name) throws IOException {
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(delimited)) != null) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no family " + name);
  }
}
