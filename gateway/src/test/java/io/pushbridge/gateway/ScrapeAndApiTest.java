package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side over real HTTP: scrape formats, the JSON API, health (spec §7, §8); the web UI has its own tests. */
class ScrapeAndApiTest {
  @TempDir static Path dir;
  private static RunningGateway gw;
  private static Http http;

  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  @BeforeAll
  static void start() throws Exception {
    gw = RunningGateway.start(dir);
    http = gw.http;
    assertEquals(200, http.send("PUT", "/metrics/job/some_job", "some_metric 3.14\n").statusCode());
    assertEquals(200, http.send("PUT", "/metrics/job/shapes/site/eu1", """
        # HELP lat Latency <ms> & "more".
        # TYPE lat summary
        lat{quantile="0.5"} 1
        lat{quantile="0.9"} 2
        lat_sum 10
        lat_count 7
        # TYPE size histogram
        size_bucket{le="1e+06"} 1
        size_bucket{le="1e+09"} 5
        size_bucket{le="+Inf"} 6
        size_sum 4.2e+09
        size_count 6
        neg -0
        """).statusCode());
    assertEquals(200, http.send("PUT", "/metrics/job/html/v/%3Cb%3E%26%22", "m 1\n").statusCode());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void textScrapeMergesGroupsAndOwnMetricsInNameOrder() throws Exception {
    HttpResponse<String> r = http.get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", Http.header(r, "Content-Type"));
    String body = r.body();
    assertTrue(body.contains("# TYPE some_metric untyped\nsome_metric{instance=\"\",job=\"some_job\"} 3.14\n"), body);
    assertTrue(body.contains("lat{instance=\"\",job=\"shapes\",site=\"eu1\",quantile=\"0.5\"} 1\n"), body);
    assertTrue(body.contains("size_bucket{instance=\"\",job=\"shapes\",site=\"eu1\",le=\"1e+09\"} 5\n"), body);
    assertTrue(body.contains("# TYPE push_time_seconds gauge\n"), body);
    assertTrue(body.contains("# TYPE pushgateway_build_info gauge\n"), body);
    assertTrue(body.contains("# TYPE pushgateway_http_requests_total counter\n"), body);
    assertTrue(body.contains("\njvm_threads_current "), body);
    assertTrue(body.contains("\npushbridge_store_groups "), body);
    List<String> names = typeNames(body);
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names);
    assertEquals(names.size(), names.stream().distinct().count(), "one TYPE line per family");
  }

  private static List<String> typeNames(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void protobufWhenAskedForLikePrometheusWithNativeHistograms() throws Exception {
    HttpResponse<byte[]> r = http.getBytes("/metrics", "Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3");
    assertEquals(200, r.statusCode());
    assertEquals(PROTOBUF, Http.header(r, "Content-Type"));
    CodedInputStream in = CodedInputStream.newInstance(r.body());
    List<String> names = new ArrayList<>();
    while (!in.isAtEnd()) {
      UnknownFieldSet family = UnknownFieldSet.parseFrom(in.readByteArray());
      names.add(family.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    }
    assertTrue(names.contains("some_metric"), names.toString());
    assertTrue(names.contains("pushgateway_build_info"), names.toString());
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names);
  }

  @Test
  void gzipWhenAccepted() throws Exception {
    HttpResponse<byte[]> r = http.getBytes("/metrics", "Accept-Encoding", "gzip");
    assertEquals("gzip", Http.header(r, "Content-Encoding"));
    String text = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(text.contains("some_metric{instance=\"\",job=\"some_job\"} 3.14\n"));
  }

  @Test
  void scrapeAnswersOnlyGet() throws Exception {
    for (String method : new String[] {"HEAD", "POST"}) {
      HttpResponse<String> r = http.send(method, "/metrics", method.equals("POST") ? "" : null);
      assertEquals(405, r.statusCode(), method);
      assertEquals("GET, OPTIONS", Http.header(r, "Allow"));
    }
  }

  private static void assertApiHeaders(HttpResponse<?> r) {
    assertEquals("Accept, Authorization, Content-Type, Origin", Http.header(r, "Access-Control-Allow-Headers"));
    assertEquals("GET, POST, DELETE, OPTIONS", Http.header(r, "Access-Control-Allow-Methods"));
    assertEquals("*", Http.header(r, "Access-Control-Allow-Origin"));
    assertEquals("Date", Http.header(r, "Access-Control-Expose-Headers"));
    assertEquals("no-cache, no-store, must-revalidate", Http.header(r, "Cache-Control"));
  }

  @Test
  void statusApiHasUpstreamsShape() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/status");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", Http.header(r, "Content-Type"));
    assertApiHeaders(r);
    assertFalse(r.body().endsWith("\n"));
    JsonNode root = RunningGateway.parse(r.body());
    assertEquals("success", root.get("status").asText());
    JsonNode data = root.get("data");
    assertEquals(List.of("build_information", "flags", "start_time"), fieldNames(data));
    assertEquals(List.of("branch", "buildDate", "buildUser", "goVersion", "revision", "version"),
        fieldNames(data.get("build_information")));
    JsonNode flags = data.get("flags");
    for (String flag : new String[] {"web.listen-address", "web.telemetry-path", "persistence.file",
        "persistence.interval", "push.disable-consistency-check", "log.level", "store.sync"}) {
      assertTrue(flags.has(flag), flag);
    }
    assertEquals("5m0s", flags.get("persistence.interval").asText());
    assertEquals("false", flags.get("web.enable-admin-api").asText());
    assertTrue(data.get("start_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)"));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void metricsApiHasUpstreamsShape() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/metrics");
    assertApiHeaders(r);
    assertTrue(r.body().contains("Latency \\u003cms\\u003e \\u0026 \\\"more\\\"."), r.body());
    JsonNode g = gw.group("job", "shapes", "site", "eu1");
    assertEquals(List.of("labels", "last_push_successful", "lat", "neg", "push_failure_time_seconds", "push_time_seconds", "size"),
        fieldNames(g));
    assertEquals("{\"job\":\"shapes\",\"site\":\"eu1\"}", g.get("labels").toString());
    assertTrue(g.get("last_push_successful").asBoolean());

    JsonNode lat = g.get("lat");
    assertEquals(List.of("time_stamp", "type", "help", "metrics"), fieldNames(lat));
    assertEquals("SUMMARY", lat.get("type").asText());
    assertEquals("Latency <ms> & \"more\".", lat.get("help").asText());
    JsonNode latMetric = lat.get("metrics").get(0);
    assertEquals(List.of("count", "labels", "quantiles", "sum"), fieldNames(latMetric));
    assertEquals("{\"instance\":\"\",\"job\":\"shapes\",\"site\":\"eu1\"}", latMetric.get("labels").toString());
    assertEquals("{\"0.5\":\"1\",\"0.9\":\"2\"}", latMetric.get("quantiles").toString());
    assertEquals("7", latMetric.get("count").asText());
    assertEquals("10", latMetric.get("sum").asText());

    JsonNode size = g.get("size").get("metrics").get(0);
    assertEquals(List.of("buckets", "count", "labels", "sum"), fieldNames(size));
    assertEquals("{\"+Inf\":\"6\",\"1e+06\":\"1\",\"1e+09\":\"5\"}", size.get("buckets").toString());
    assertEquals("4.2e+09", size.get("sum").asText());

    JsonNode neg = g.get("neg");
    assertFalse(neg.has("help"));
    assertEquals("UNTYPED", neg.get("type").asText());
    assertEquals("-0", neg.get("metrics").get(0).get("value").asText());
    assertTrue(neg.get("time_stamp").asText().matches("\\d{4}-.*T.*(Z|[+-]\\d\\d:\\d\\d)"));
    assertEquals("Last Unix time when changing this group in the Pushgateway succeeded.",
        g.get("push_time_seconds").get("help").asText());
  }

  @Test
  void apiPreflightAnswersAnyPath() throws Exception {
    HttpResponse<String> r = http.send("OPTIONS", "/api/v1/whatever", null);
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertApiHeaders(r);
  }

  @Test
  void healthAndReadinessAreOk() throws Exception {
    for (String path : new String[] {"/-/healthy", "/-/ready"}) {
      HttpResponse<String> r = http.get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("OK", r.body());
      assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
    }
    assertEquals(405, http.send("HEAD", "/-/healthy", null).statusCode());
  }

  @Test
  void adminAndLifecycleAreOffByDefault() throws Exception {
    HttpResponse<String> wipe = http.send("PUT", "/api/v1/admin/wipe", "");
    assertEquals(404, wipe.statusCode());
    assertEquals("404 page not found\n", wipe.body());
    for (String method : new String[] {"PUT", "POST"}) {
      HttpResponse<String> quit = http.send(method, "/-/quit", "");
      assertEquals(403, quit.statusCode());
      assertEquals("Lifecycle API is not enabled.", quit.body());
    }
    HttpResponse<String> get = http.get("/-/quit");
    assertEquals(405, get.statusCode());
    assertEquals("Only POST or PUT requests allowed.", get.body());
    assertEquals(null, Http.header(get, "Allow"));
  }
}
