package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbridge.store.SettableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group TTL over HTTP (beyond upstream): {@code --push.ttl}, the {@code Pushbridge-TTL} header and
 * the {@code push_expiry_time_seconds} gauge. Time is a settable clock: pushes take their receive
 * time from it and the store's expiry compares deadlines with it.
 */
class GroupTtlTest {
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(T0);

  private static void expire(RunningGateway gw) throws Exception {
    gw.gateway.store().expireNow().get();
  }

  private static double expiry(JsonNode group) {
    JsonNode family = group.get("push_expiry_time_seconds");
    assertNotNull(family, group::toString);
    assertEquals("GAUGE", family.get("type").asText());
    return Double.parseDouble(family.get("metrics").get(0).get("value").asText());
  }

  @Test
  void anExpiredGroupIsDeletedWholeAndStaysDeletedAfterARestart() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=5m")) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/a/instance/i", "m 1\n# TYPE c counter\nc 2\n").statusCode());
      assertEquals(200, gw.http.send("PUT", "/metrics/job/b", "m 3\n", "Pushbridge-TTL", "0").statusCode());
      clock.set(T0 + 300 * SECOND - 1);
      expire(gw);
      assertNotNull(gw.group("job", "a", "instance", "i"));
      clock.set(T0 + 300 * SECOND);
      expire(gw);
      assertNull(gw.group("job", "a", "instance", "i"));
      assertNotNull(gw.group("job", "b"));
      String scrape = gw.scrape();
      assertFalse(scrape.contains("job=\"a\""), scrape);
      assertTrue(scrape.contains("m{instance=\"\",job=\"b\"} 3\n"), scrape);
    }
    clock.set(T0);
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=5m")) {
      assertNull(gw.group("job", "a", "instance", "i"));
      assertNotNull(gw.group("job", "b"));
    }
  }

  @Test
  void aRePushExtendsTheDeadline() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=5m")) {
      gw.http.send("PUT", "/metrics/job/a", "m 1\n");
      assertEquals(1_800_000_300.0, expiry(gw.group("job", "a")));
      clock.set(T0 + 200 * SECOND);
      gw.http.send("POST", "/metrics/job/a", "n 1\n");
      assertEquals(1_800_000_500.0, expiry(gw.group("job", "a")));
      clock.set(T0 + 499 * SECOND);
      expire(gw);
      assertNotNull(gw.group("job", "a"));
      clock.set(T0 + 500 * SECOND);
      expire(gw);
      assertNull(gw.group("job", "a"));
    }
  }

  @Test
  void theHeaderOverridesTheDefaultAndZeroMeansNever() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=5m")) {
      gw.http.send("PUT", "/metrics/job/hour", "m 1\n", "Pushbridge-TTL", "1h");
      gw.http.send("PUT", "/metrics/job/never", "m 2\n", "Pushbridge-TTL", "0");
      gw.http.send("PUT", "/metrics/job/default", "m 3\n");
      assertEquals(1_800_003_600.0, expiry(gw.group("job", "hour")));
      assertEquals(1_800_000_300.0, expiry(gw.group("job", "default")));
      assertNull(gw.group("job", "never").get("push_expiry_time_seconds"));
      clock.set(T0 + 300 * SECOND);
      expire(gw);
      assertNull(gw.group("job", "default"));
      assertNotNull(gw.group("job", "hour"));
      clock.set(T0 + 3600 * SECOND);
      expire(gw);
      assertNull(gw.group("job", "hour"));
      clock.set(T0 + 1_000_000 * SECOND);
      expire(gw);
      assertNotNull(gw.group("job", "never"));
    }
  }

  @Test
  void withoutTheFlagOnlyTheHeaderGivesADeadline() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock)) {
      gw.http.send("PUT", "/metrics/job/plain", "m 1\n");
      gw.http.send("PUT", "/metrics/job/short", "m 1\n", "Pushbridge-TTL", "90s");
      assertNull(gw.group("job", "plain").get("push_expiry_time_seconds"));
      assertEquals(1_800_000_090.0, expiry(gw.group("job", "short")));
      clock.set(T0 + 1_000_000 * SECOND);
      expire(gw);
      assertNotNull(gw.group("job", "plain"));
      assertNull(gw.group("job", "short"));
      assertEquals("0s", RunningGateway.parse(gw.http.get("/api/v1/status").body())
          .get("data").get("flags").get("push.ttl").asText());
    }
  }

  @Test
  void theDeadlineIsAGaugeInTheScrape() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=1h30m")) {
      gw.http.send("PUT", "/metrics/job/a/instance/i", "m 1\n");
      String scrape = gw.scrape();
      assertTrue(scrape.contains("""
          # HELP push_expiry_time_seconds Unix time at which Pushbridge deletes this group unless \
          it is pushed again (TTL).
          # TYPE push_expiry_time_seconds gauge
          push_expiry_time_seconds{instance="i",job="a"} 1.8000054e+09
          """), scrape);
      assertEquals("1h30m0s", RunningGateway.parse(gw.http.get("/api/v1/status").body())
          .get("data").get("flags").get("push.ttl").asText());
    }
  }

  @Test
  void theSweeperExpiresGroupsWithoutAScrapeOrATrigger() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock, "--push.ttl=1m")) {
      gw.http.send("PUT", "/metrics/job/a", "m 1\n");
      clock.set(T0 + 60 * SECOND);
      Eventually.await("the sweeper expired job a", Duration.ofSeconds(30),
          () -> gw.gateway.store().stats().groups(), n -> n == 0);
    }
  }

  @Test
  void aBadTtlHeaderIs400AndStoresNothing() throws Exception {
    try (RunningGateway gw = RunningGateway.start(dir, clock)) {
      HttpResponse<String> r = gw.http.send("PUT", "/metrics/job/a", "m 1\n", "Pushbridge-TTL", "5");
      assertEquals(400, r.statusCode());
      assertEquals("invalid Pushbridge-TTL header \"5\": time: missing unit in duration \"5\""
          + " (expected a duration such as 90s, 5m or 1h30m; 0 for never)\n", r.body());
      HttpResponse<String> negative = gw.http.send("POST", "/metrics/job/a", "m 1\n", "Pushbridge-TTL", "-1m");
      assertEquals(400, negative.statusCode());
      assertEquals("invalid Pushbridge-TTL header \"-1m\": the TTL must not be negative (0 for never)\n",
          negative.body());
      assertEquals(0, gw.groups().size());
    }
  }

  @Test
  void aNegativeOrMalformedFlagFailsTheStart() {
    FlagException bad = org.junit.jupiter.api.Assertions.assertThrows(FlagException.class,
        () -> Flags.toConfig(Flags.PARSER.parse(new String[] {"--push.ttl=soon"})));
    assertEquals("invalid value \"soon\" for flag --push.ttl: time: invalid duration \"soon\"", bad.getMessage());
    FlagException negative = org.junit.jupiter.api.Assertions.assertThrows(FlagException.class,
        () -> Flags.toConfig(Flags.PARSER.parse(new String[] {"--push.ttl=-5m"})));
    assertEquals("invalid value \"-5m\" for flag --push.ttl: must not be negative (0 for never)", negative.getMessage());
  }
}
