package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graceful stop and a start on the same directory bring every group back as it was. */
class RestartTest {
  @TempDir Path dir;

  @Test
  void groupsAndPushTimesSurviveARestart() throws Exception {
    JsonNode before;
    String scrapedBefore;
    try (RunningGateway gw = RunningGateway.start(dir)) {
      gw.http.send("PUT", "/metrics/job/r1", "m 1\n# TYPE c counter\nc{x=\"y\"} 5\n");
      gw.http.send("PUT", "/metrics/job/r2/instance/i/path@base64/L3Zhci90bXA", "g 2.5\n");
      gw.http.send("PUT", "/metrics/job/r3", "m 1 123\n");
      before = gw.groups();
      scrapedBefore = groupLines(gw.scrape());
    }
    try (RunningGateway gw = RunningGateway.start(dir)) {
      JsonNode after = gw.groups();
      assertEquals(3, after.size());
      assertEquals(before, after);
      assertEquals(scrapedBefore, groupLines(gw.scrape()));
      JsonNode r2 = gw.group("job", "r2", "instance", "i", "path", "/var/tmp");
      assertNotNull(r2);
      assertEquals("2.5", r2.get("g").get("metrics").get(0).get("value").asText());
    }
  }

  /** The scrape without the gateway's own, ever-changing metrics. */
  private static String groupLines(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n", -1)) {
      if (line.contains("job=\"")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
