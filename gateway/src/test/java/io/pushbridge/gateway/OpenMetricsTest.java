package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetrics end to end on a gateway started with {@code --web.enable-openmetrics}: pushes in
 * OpenMetrics text, scrapes that negotiate it, and the Python client's strict OpenMetrics parser
 * reading the whole scrape.
 */
class OpenMetricsTest {
  static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  static final String PUSH = """
      # TYPE om_jobs counter
      # HELP om_jobs Jobs \\"run\\", by result.
      om_jobs_total{result="ok"} 17 # {trace_id="abc"} 1.0 1700000000.5
      om_jobs_created{result="ok"} 1700000000
      om_jobs_total{result="failed"} 2
      # TYPE om_build info
      om_build_info{version="1.2"} 1
      # TYPE om_duration_seconds histogram
      # UNIT om_duration_seconds seconds
      om_duration_seconds_bucket{le="0.5"} 3
      om_duration_seconds_bucket{le="+Inf"} 4
      om_duration_seconds_count 4
      om_duration_seconds_sum 2.25
      # TYPE om_state stateset
      om_state{om_state="idle"} 0
      om_state{om_state="busy"} 1
      # EOF
      """;

  @TempDir static Path dir;
  private static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(null, "--web.enable-openmetrics");
    HttpResponse<String> r = gw.http.send("PUT", "/metrics/job/om", PUSH,
        "Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertEquals(200, r.statusCode(), r.body());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static String scrape(String accept) throws Exception {
    HttpResponse<String> r = gw.http.get("/metrics", "Accept", accept);
    assertEquals(200, r.statusCode());
    assertEquals(CONTENT_TYPE, Http.header(r, "Content-Type"));
    return r.body();
  }

  @Test
  void servesPushedFamiliesAsOpenMetrics() throws Exception {
    String body = scrape(PROMETHEUS_ACCEPT);
    assertTrue(body.contains("""
        # TYPE om_build_info gauge
        om_build_info{instance="",job="om",version="1.2"} 1.0
        # TYPE om_duration_seconds histogram
        om_duration_seconds_bucket{instance="",job="om",le="0.5"} 3
        om_duration_seconds_bucket{instance="",job="om",le="+Inf"} 4
        om_duration_seconds_sum{instance="",job="om"} 2.25
        om_duration_seconds_count{instance="",job="om"} 4
        # TYPE om_jobs counter
        # HELP om_jobs Jobs \\"run\\", by result.
        om_jobs_total{instance="",job="om",result="failed"} 2.0
        om_jobs_total{instance="",job="om",result="ok"} 17.0
        # TYPE om_state gauge
        om_state{instance="",job="om",om_state="busy"} 1.0
        om_state{instance="",job="om",om_state="idle"} 0.0
        """), body);
    assertTrue(body.contains("\n# TYPE push_time_seconds gauge\n"), body);
    assertTrue(body.endsWith("\n# EOF\n"), body);
  }

  @Test
  void gzipsOpenMetricsLikeText() throws Exception {
    HttpResponse<byte[]> r = gw.http.getBytes("/metrics", "Accept", PROMETHEUS_ACCEPT, "Accept-Encoding", "gzip");
    assertEquals("gzip", Http.header(r, "Content-Encoding"));
    assertEquals(CONTENT_TYPE, Http.header(r, "Content-Type"));
    String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(body.contains("om_jobs_total{instance=\"\",job=\"om\",result=\"ok\"} 17.0\n"), body);
    assertTrue(body.endsWith("\n# EOF\n"), body);
  }

  @Test
  void textIsStillServedToThoseWhoPreferIt() throws Exception {
    HttpResponse<String> r = gw.http.get("/metrics", "Accept", "text/plain;version=0.0.4");
    assertEquals("text/plain; version=0.0.4; charset=utf-8", Http.header(r, "Content-Type"));
    assertTrue(r.body().contains("# TYPE om_jobs_total counter\n"), r.body());
  }

  @Test
  void withoutTheFlagPrometheusGetsText() throws Exception {
    try (RunningGateway plain = RunningGateway.start(null)) {
      HttpResponse<String> r = plain.http.get("/metrics", "Accept", PROMETHEUS_ACCEPT);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", Http.header(r, "Content-Type"));
      assertFalse(r.body().contains("# EOF"), r.body());
    }
  }

  @Test
  void pythonsStrictOpenMetricsParserReadsTheWholeScrape() throws Exception {
    Path python = ExternalTools.requirePythonClient();
    Path scrape = dir.resolve("scrape.om");
    Files.writeString(scrape, scrape(PROMETHEUS_ACCEPT));
    Path script = dir.resolve("check.py");
    Files.writeString(script, """
        import sys
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        with open(sys.argv[1], encoding="utf-8") as f:
            families = {m.name: m for m in text_string_to_metric_families(f.read())}
        jobs = families["om_jobs"]
        assert jobs.type == "counter", jobs
        assert [s.value for s in jobs.samples] == [2.0, 17.0], jobs.samples
        assert families["om_duration_seconds"].type == "histogram"
        print(len(families))
        """);
    ExternalTools.Result r = ExternalTools.run(List.of(python.toString(), script.toString(), scrape.toString()), 60);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void refusesTimestampsAsTextPushesAre() throws Exception {
    HttpResponse<String> r = gw.http.send("PUT", "/metrics/job/om_ts", "# TYPE a gauge\na 1 1700000000\n# EOF\n",
        "Content-Type", "application/openmetrics-text; version=1.0.0");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().endsWith("pushed metrics must not have timestamps\n"), r.body());
  }

  @Test
  void refusesInvalidOpenMetricsWithTheLine() throws Exception {
    HttpResponse<String> r = gw.http.send("PUT", "/metrics/job/om_bad", "# TYPE a gaugehistogram\n# EOF\n",
        "Content-Type", "application/openmetrics-text");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("openmetrics format parsing error in line 1: metric type \"gaugehistogram\""),
        r.body());
    r = gw.http.send("PUT", "/metrics/job/om_bad", "a 1\n", "Content-Type", "application/openmetrics-text");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("openmetrics format parsing error in line 2: data does not end with # EOF"), r.body());
  }
}
