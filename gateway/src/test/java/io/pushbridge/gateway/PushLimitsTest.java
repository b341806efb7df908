package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission limits over HTTP (beyond upstream): a push over a limit is refused whole with a message
 * naming the limit, nothing stored changes, and the refusal is counted per limit.
 */
class PushLimitsTest {
  @TempDir Path dir;

  /** Sends the push, expects {@code status} and {@code message}, and checks nothing changed. */
  private static void refused(RunningGateway gw, String method, String path, String body, int status,
      String message) throws Exception {
    String before = gw.http.get("/api/v1/metrics").body();
    HttpResponse<String> r = gw.http.send(method, path, body);
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(message + "\n", r.body());
    assertEquals(before, gw.http.get("/api/v1/metrics").body());
  }

  private static void counted(RunningGateway gw, String limit, int n) throws Exception {
    String line = "pushbridge_limit_rejections_total{limit=\"" + limit + "\"} " + n + "\n";
    String scrape = gw.scrape();
    assertTrue(scrape.contains(line), "no " + line + " in\n" + scrape);
  }

  @Test
  void maxGroupsRefusesANewGroupWith507() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-groups=2")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m 1\n").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/b", "m 1\n").statusCode());
      refused(gw, "PUT", "/metrics/job/c", "m 1\n", 507,
          "limit --limits.max-groups=2 exceeded: the store holds 2 groups and the push would add group {job=\"c\"}");
      refused(gw, "POST", "/metrics/job/c", "", 507,
          "limit --limits.max-groups=2 exceeded: the store holds 2 groups and the push would add group {job=\"c\"}");
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m 2\n").statusCode());
      counted(gw, "max-groups", 2);
      assertEquals(202, gw.http.send("DELETE", "/metrics/job/b", null).statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/c", "m 1\n").statusCode());
    }
  }

  @Test
  void maxSeriesPerGroupRefusesAPushThatWouldGrowTheGroupPastIt() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-series-per-group=3")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m{x=\"1\"} 1\nm{x=\"2\"} 1\nn 1\n").statusCode());
      refused(gw, "POST", "/metrics/job/a", "o 1\n", 400,
          "limit --limits.max-series-per-group=3 exceeded: group {job=\"a\"} would hold 4 series");
      refused(gw, "PUT", "/metrics/job/b", "m{x=\"1\"} 1\nm{x=\"2\"} 1\nm{x=\"3\"} 1\nm{x=\"4\"} 1\n", 400,
          "limit --limits.max-series-per-group=3 exceeded: group {job=\"b\"} would hold 4 series");
      assertEquals(200, gw.http.send("POST", "/metrics/job/a", "n{y=\"1\"} 1\n").statusCode());
      counted(gw, "max-series-per-group", 2);
      counted(gw, "max-groups", 0);
    }
  }

  @Test
  void maxSeriesCountsEveryStoredSeriesAndRefusesGrowthWith507() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-series=7")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m 1\n").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/b", "m 1\n").statusCode());
      refused(gw, "PUT", "/metrics/job/c", "m 1\n", 507,
          "limit --limits.max-series=7 exceeded: the store would hold 9 series (it holds 6)");
      refused(gw, "POST", "/metrics/job/a", "n{x=\"1\"} 1\nn{x=\"2\"} 1\n", 507,
          "limit --limits.max-series=7 exceeded: the store would hold 8 series (it holds 6)");
      assertEquals(200, gw.http.send("POST", "/metrics/job/a", "n 1\n").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "o 1\n").statusCode());
      counted(gw, "max-series", 2);
    }
  }

  @Test
  void maxLabelValueLengthCountsUtf8Bytes() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-label-value-length=5")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m{path=\"abcde\"} 1\n").statusCode());
      refused(gw, "PUT", "/metrics/job/a", "m{path=\"\u00e9\u00e9\u00e9\"} 1\n", 400,
          "limit --limits.max-label-value-length=5 exceeded: label path of series m{instance=\"\",job=\"a\",path=\"\u00e9\u00e9\u00e9\"} is 6 bytes long");
      refused(gw, "PUT", "/metrics/job/abcdef", "", 400,
          "limit --limits.max-label-value-length=5 exceeded: label job of the grouping key {job=\"abcdef\"} is 6 bytes long");
      counted(gw, "max-label-value-length", 2);
    }
  }

  @Test
  void maxLabelsPerSeriesCountsJobAndInstance() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--limits.max-labels-per-series=3")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a", "m{x=\"1\"} 1\n").statusCode());
      refused(gw, "POST", "/metrics/job/a", "n{x=\"1\",y=\"2\"} 1\n", 400,
          "limit --limits.max-labels-per-series=3 exceeded: series n{instance=\"\",job=\"a\",x=\"1\",y=\"2\"} has 4 labels");
      counted(gw, "max-labels-per-series", 1);
    }
  }

  @Test
  void withoutFlagsNothingIsLimited() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      body.append("m{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\",f=\"6\",i=\"").append(i).append("\",long=\"")
          .append("x".repeat(1000)).append("\"} 1\n");
    }
    try (RunningGateway gw = RunningGateway.start(dir)) {
      for (int g = 0; g < 20; g++) {
        assertEquals(200, gw.http.send("PUT", "/metrics/job/j" + g, body.toString()).statusCode());
      }
      assertEquals(20, gw.groups().size());
      for (String limit : new String[] {"max-groups", "max-series-per-group", "max-series",
          "max-label-value-length", "max-labels-per-series"}) {
        counted(gw, limit, 0);
      }
      assertEquals("0", RunningGateway.parse(gw.http.get("/api/v1/status").body())
          .get("data").get("flags").get("limits.max-series").asText());
    }
  }
}
