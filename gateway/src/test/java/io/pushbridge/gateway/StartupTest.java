package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Between listening and the store being open, only health answers; readiness waits for the store. */
class StartupTest {
  @TempDir Path dir;

  @Test
  void readyOnlyOnceTheStoreIsOpen() throws Exception {
    GatewayConfig config = Flags.toConfig(Flags.PARSER.parse(
        "--web.listen-address=127.0.0.1:0", "--persistence.file=" + dir));
    Gateway gateway = Gateway.listen(config, BuildInfo.current());
    try {
      Http http = new Http("http://127.0.0.1:" + gateway.addresses().get(0).getPort());
      assertEquals(200, http.get("/-/healthy").statusCode());
      HttpResponse<String> ready = http.get("/-/ready");
      assertEquals(503, ready.statusCode());
      assertEquals("store is opening\n", ready.body());
      HttpResponse<String> push = http.send("PUT", "/metrics/job/early", "m 1\n");
      assertEquals(503, push.statusCode());
      assertEquals("Pushbridge is starting: the store is being opened\n", push.body());
      assertEquals(503, http.get("/metrics").statusCode());

      gateway.openStore();
      assertEquals(200, http.get("/-/ready").statusCode());
      assertEquals(200, http.send("PUT", "/metrics/job/early", "m 1\n").statusCode());
    } finally {
      gateway.close();
    }
  }
}
