package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncheckedPushTest {
  @TempDir Path dir;

  @Test
  void pushesAnswer202WithTheConsistencyCheckDisabled() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, "--push.disable-consistency-check")) {
      assertEquals(202, gw.http.send("PUT", "/metrics/job/u", "m 1\n").statusCode());
      assertEquals(202, gw.http.send("POST", "/metrics/job/u", "n 1\n").statusCode());
      assertNotNull(gw.group("job", "u").get("n"));
      assertEquals(202, gw.http.send("DELETE", "/metrics/job/u", null).statusCode());
    }
  }
}
