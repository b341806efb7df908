package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A real Prometheus (Debian package) scraping a gateway started with {@code
 * --web.enable-openmetrics} in OpenMetrics 1.0 and reading it with its own OpenMetrics parser.
 *
 * <p>A Prometheus that knows {@code scrape_protocols} (2.49 and later) is pinned to {@code
 * OpenMetricsText1.0.0}; older ones (Debian 12 ships 2.42) reject that key, and their default
 * {@code Accept} puts OpenMetrics 1.0.0 first anyway. Either way the metadata API proves which
 * parser read the scrape: only OpenMetrics names a counter's family without its {@code _total}.
 *
 * <p>{@code promtool check metrics} is no validator here: it reads text 0.0.4 only (2.42 takes
 * {@code # EOF} for a comment and lints {@code foo_total} of {@code # TYPE foo counter} as an
 * untyped family), so the strict check is the Python client's OpenMetrics parser in {@link
 * OpenMetricsTest}.
 */
class PrometheusOpenMetricsScrapeTest {
  @TempDir static Path dir;
  private static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(null, "--web.enable-openmetrics");
    var r = gw.http.send("PUT", "/metrics/job/om", OpenMetricsTest.PUSH,
        "Content-Type", "application/openmetrics-text; version=1.0.0");
    assertEquals(200, r.statusCode(), r.body());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void prometheusScrapesOpenMetricsAndQueriesThePushedSeries() throws Exception {
    Path prometheus = ExternalTools.require("prometheus", "prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(pinnedProtocolsAccepted() ? "    scrape_protocols: [OpenMetricsText1.0.0]\n" : ""));
    int port = ExternalTools.freePort();
    List<String> cmd = List.of(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port);
    try (ChildProcess p = ChildProcess.start(cmd, dir.resolve("prometheus.log"))) {
      Http api = new Http("http://127.0.0.1:" + port);
      JsonNode jobs = Eventually.await("Prometheus returning om_jobs_total", Duration.ofSeconds(90),
          () -> query(api, "om_jobs_total{result=\"ok\"}"), r -> r != null && r.size() == 1);
      assertEquals("om", jobs.get(0).get("metric").get("job").asText(), jobs.toString());
      assertEquals("17", jobs.get(0).get("value").get(1).asText());
      assertEquals("4", query(api, "om_duration_seconds_bucket{le=\"+Inf\"}").get(0).get("value").get(1).asText());
      assertEquals("1", query(api, "om_state{om_state=\"busy\"}").get(0).get("value").get(1).asText());
      assertEquals("1", query(api, "om_build_info{version=\"1.2\"}").get(0).get("value").get(1).asText());
      JsonNode up = query(api, "up{job=\"pushbridge\"}");
      assertEquals("1", up.get(0).get("value").get(1).asText(), up + "\n" + p.output());

      JsonNode metadata = Eventually.await("Prometheus metadata of om_jobs", Duration.ofSeconds(30),
          () -> metadata(api), m -> m != null && m.has("om_jobs"));
      assertEquals("counter", metadata.get("om_jobs").get(0).get("type").asText(), metadata.toString());
      assertEquals("Jobs \"run\", by result.", metadata.get("om_jobs").get(0).get("help").asText());
      assertFalse(metadata.has("om_jobs_total"), "read as text 0.0.4, not OpenMetrics: " + metadata);
    }
  }

  private static String config(String protocols) {
    return """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: pushbridge
            honor_labels: true
        %s    static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(protocols, gw.port);
  }

  /** Whether this Prometheus' promtool accepts {@code scrape_protocols} in a scrape config. */
  private static boolean pinnedProtocolsAccepted() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    Path probe = dir.resolve("probe.yml");
    Files.writeString(probe, config("    scrape_protocols: [OpenMetricsText1.0.0]\n"));
    return ExternalTools.run(List.of(promtool.toString(), "check", "config", probe.toString()), 60).exitCode() == 0;
  }

  private static JsonNode query(Http api, String promql) throws Exception {
    var r = api.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return r.statusCode() == 200 ? RunningGateway.parse(r.body()).get("data").get("result") : null;
  }

  private static JsonNode metadata(Http api) throws Exception {
    var r = api.get("/api/v1/metadata");
    return r.statusCode() == 200 ? RunningGateway.parse(r.body()).get("data") : null;
  }
}
