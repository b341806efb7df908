package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package) scraping the gateway with {@code honor_labels: true}, once
 * with its default text negotiation and once asking for protobuf (native histograms on, which it
 * then reads from a histogram client_java pushed); and
 * promtool checking the exposition.
 */
class PrometheusScrapeTest {
  @TempDir static Path dir;
  private static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(dir.resolve("data"));
    String body = """
        # HELP some_metric_total An example counter.
        # TYPE some_metric_total counter
        some_metric_total{label="val1"} 42
        # TYPE another_metric gauge
        # HELP another_metric Just an example.
        another_metric 2398.283
        """;
    assertEquals(200, gw.http.send("PUT", "/metrics/job/some_job/instance/some_instance", body).statusCode());
    assertEquals(200, gw.http.send("PUT", "/metrics/job/backup/path@base64/L3Zhci90bXA",
        "# HELP backup_bytes Bytes written by the last backup.\n# TYPE backup_bytes gauge\nbackup_bytes 1e9\n").statusCode());
    // client_java's histograms are classic and native at once; its exporter pushes protobuf.
    PrometheusRegistry registry = new PrometheusRegistry();
    Histogram items = Histogram.builder().name("batch_item_seconds").help("Per item.").register(registry);
    for (double v : new double[] {0.004, 0.3, 0.3, 2.5, 0}) {
      items.observe(v);
    }
    PushGateway.builder().address("127.0.0.1:" + gw.port).job("java_batch").registry(registry).build().push();
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void prometheusScrapesPushedSeriesWithTheirGroupingLabels() throws Exception {
    scrapeWithPrometheus("text", List.of());
  }

  @Test
  void prometheusScrapesProtobufWhenItAsksForIt() throws Exception {
    scrapeWithPrometheus("protobuf", List.of("--enable-feature=native-histograms"));
  }

  private void scrapeWithPrometheus(String name, List<String> extraFlags) throws Exception {
    Path prometheus = ExternalTools.require("prometheus", "prometheus");
    Path work = Files.createDirectories(dir.resolve("prometheus-" + name));
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: pushbridge
            honor_labels: true
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(gw.port));
    int port = ExternalTools.freePort();
    List<String> cmd = new java.util.ArrayList<>(List.of(prometheus.toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port));
    cmd.addAll(extraFlags);
    try (ChildProcess p = ChildProcess.start(cmd, work.resolve("prometheus.log"))) {
      Http api = new Http("http://127.0.0.1:" + port);
      JsonNode result = Eventually.await("Prometheus (" + name + ") returning some_metric_total", Duration.ofSeconds(90),
          () -> query(api, "some_metric_total"), r -> r.size() == 1);
      JsonNode metric = result.get(0).get("metric");
      assertEquals("some_job", metric.get("job").asText(), result.toString());
      assertEquals("some_instance", metric.get("instance").asText());
      assertEquals("val1", metric.get("label").asText());
      assertEquals("42", result.get(0).get("value").get(1).asText());

      JsonNode backup = query(api, "backup_bytes");
      assertEquals("/var/tmp", backup.get(0).get("metric").get("path").asText());
      assertEquals("backup", backup.get(0).get("metric").get("job").asText());
      assertEquals("", backup.get(0).get("metric").path("instance").asText(""));

      JsonNode up = query(api, "up{job=\"pushbridge\"}");
      assertEquals("1", up.get(0).get("value").get(1).asText(), up.toString() + "\n" + p.output());
      JsonNode own = query(api, "pushgateway_build_info");
      assertEquals("pushbridge", own.get(0).get("metric").get("job").asText(), "own metrics carry the scrape job");

      // With native histograms on, Prometheus takes the histogram's native buckets, and only those.
      JsonNode count = query(api, name.equals("protobuf")
          ? "histogram_count(batch_item_seconds{job=\"java_batch\"})"
          : "batch_item_seconds_count{job=\"java_batch\"}");
      assertEquals(1, count.size(), count.toString());
      assertEquals("5", count.get(0).get("value").get(1).asText(), count.toString());
    }
  }

  private static JsonNode query(Http api, String promql) throws Exception {
    var r = api.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      return null;
    }
    return RunningGateway.parse(r.body()).get("data").get("result");
  }

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    Path scrape = dir.resolve("scrape.txt");
    Files.writeString(scrape, gw.scrape());
    ExternalTools.Result r = ExternalTools.run(List.of("sh", "-c", promtool + " check metrics < " + scrape), 60);
    assertEquals(0, r.exitCode(), r.output());
  }
}
