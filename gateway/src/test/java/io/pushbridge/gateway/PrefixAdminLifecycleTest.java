package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route prefix, admin API and lifecycle API switched on (spec §2.6, §8.4, §8.5). */
class PrefixAdminLifecycleTest {
  @TempDir Path dir;

  @Test
  void everyRouteMovesUnderThePrefix() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.route-prefix=/pfx/")) {
      Http http = gw.http;
      assertEquals(200, http.send("PUT", "/pfx/metrics/job/x", "m 1\n").statusCode());
      assertEquals(404, http.send("PUT", "/metrics/job/x", "m 1\n").statusCode());
      assertTrue(http.get("/pfx/metrics").body().contains("m{instance=\"\",job=\"x\"} 1\n"));
      assertEquals(404, http.get("/metrics").statusCode());
      assertEquals(200, http.get("/pfx/api/v1/status").statusCode());
      assertEquals(200, http.get("/pfx/-/healthy").statusCode());
      assertEquals(200, http.get("/pfx/").statusCode());
      assertEquals(404, http.get("/").statusCode());
      HttpResponse<String> bare = http.get("/pfx");
      assertEquals(301, bare.statusCode());
      assertEquals("/pfx/", Http.header(bare, "Location"));
      assertEquals(307, http.send("PUT", "/pfx/metrics/job/", "").statusCode());
      assertEquals(403, http.send("POST", "/pfx/-/quit", "").statusCode());
      assertEquals("Only POST or PUT requests allowed.", http.get("/-/quit").body());
    }
  }

  @Test
  void telemetryPathIsJoinedOntoThePrefix() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.external-url=http://gw.example/ext/", "--web.telemetry-path=/scrape")) {
      assertEquals(200, gw.http.get("/ext/scrape").statusCode());
      assertEquals(404, gw.http.get("/ext/metrics").statusCode());
      assertEquals(200, gw.http.send("PUT", "/ext/metrics/job/j", "m 1\n").statusCode());
    }
  }

  @Test
  void wipeDeletesEveryGroupWhenTheAdminApiIsOn() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--web.enable-admin-api")) {
      Http http = gw.http;
      http.send("PUT", "/metrics/job/a", "m 1\n");
      http.send("PUT", "/metrics/job/b/instance/i", "m 1\n");
      assertEquals(2, gw.groups().size());
      HttpResponse<String> wipe = http.send("PUT", "/api/v1/admin/wipe", "");
      assertEquals(202, wipe.statusCode());
      assertEquals("", wipe.body());
      assertEquals(0, gw.groups().size());
      assertEquals("{\"status\":\"success\",\"data\":[]}", http.get("/api/v1/metrics").body());
      HttpResponse<String> get = http.get("/api/v1/admin/wipe");
      assertEquals(405, get.statusCode());
      assertEquals("OPTIONS, PUT", Http.header(get, "Allow"));
    }
  }

  @Test
  void quitAnswersThenShutsDownGracefully() throws Exception {
    RunningGateway gw = RunningGateway.start(dir, "--web.enable-lifecycle");
    try {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/q", "m 1\n").statusCode());
      HttpResponse<String> quit = gw.http.send("POST", "/-/quit", "");
      assertEquals(200, quit.statusCode());
      assertEquals("Requesting termination... Goodbye!", quit.body());
      assertTrue(gw.gateway.stoppedWithin(Duration.ofSeconds(60)), "gateway did not stop");
      boolean stillServing;
      try {
        stillServing = gw.http.get("/-/healthy").statusCode() == 200;
      } catch (java.io.IOException closed) {
        stillServing = false;
      }
      assertFalse(stillServing, "still serving after /-/quit");
    } finally {
      gw.close();
    }
    try (RunningGateway again = RunningGateway.start(dir)) {
      assertTrue(again.group("job", "q") != null, "the push before /-/quit survived");
    }
  }
}
