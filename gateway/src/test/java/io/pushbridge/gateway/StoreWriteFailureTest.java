package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.store.StoreFaults;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store failures under a running gateway. A real RocksDB write failure: its data directory is moved away, so the
 * next write-ahead log cannot be created once a few large pushes fill the memtable. RocksDB then
 * refuses every write until it is opened again, which the operator learns from {@code /-/healthy}
 * and a counter, and which a restart heals.
 */
class StoreWriteFailureTest {
  @TempDir Path dir;

  @Test
  void afterAFailedWriteTheGatewayIsUnhealthyCountsItStillStopsAndARestartHealsIt() throws Exception {
    Path data = dir.resolve("data");
    Path moved = dir.resolve("moved");
    try (RunningGateway gw = RunningGateway.start(data)) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/small", "m 1\n").statusCode());
      assertEquals(200, gw.http.get("/-/healthy").statusCode());
      Files.move(data, moved);
      HttpResponse<String> failed = null;
      for (int i = 1; i <= 64 && failed == null; i++) {
        HttpResponse<String> r = gw.http.send("PUT", "/metrics/job/big", StoreFaults.memtableFillingBody(i));
        if (r.statusCode() != 200) {
          failed = r;
        }
      }
      assertTrue(failed != null, "no write failed");
      assertEquals(503, failed.statusCode(), failed.body());
      assertTrue(failed.body().startsWith("write of "), failed.body());

      HttpResponse<String> healthy = gw.http.get("/-/healthy");
      assertEquals(500, healthy.statusCode());
      assertEquals("store cannot write: " + failed.body(), healthy.body());
      assertEquals(500, gw.http.get("/-/ready").statusCode());
      assertEquals(1.0, KafkaTopic.sample(gw.scrape(), "pushbridge_store_write_failures_total"));
      assertEquals(503, gw.http.send("PUT", "/metrics/job/small", "m 2\n").statusCode(),
          "RocksDB refuses later writes too");
    }
    Files.move(moved, data);
    try (RunningGateway gw = RunningGateway.start(data)) {
      assertEquals(200, gw.http.get("/-/healthy").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/small", "m 3\n").statusCode());
      assertEquals(0.0, KafkaTopic.sample(gw.scrape(), "pushbridge_store_write_failures_total"));
    }
  }

  @Test
  void aPushTheStoreFailsToApplyAloneGets500AndTheGatewayStaysHealthy() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir.resolve("data"))) {
      StoreFaults.failApplyWhen(gw.gateway.store(), r -> r.key().job().equals("bug"));
      HttpResponse<String> failed = gw.http.send("PUT", "/metrics/job/bug", "m 1\n");
      assertEquals(500, failed.statusCode());
      assertTrue(failed.body().startsWith("apply of {job=\"bug\"} on "), failed.body());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/fine", "m 2\n").statusCode());
      assertEquals(200, gw.http.get("/-/healthy").statusCode());
      assertEquals(0.0, KafkaTopic.sample(gw.scrape(), "pushbridge_store_write_failures_total"));
    }
  }
}
