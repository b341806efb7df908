package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GoTimeTest {

  @Test
  void writesRfc3339NanoWithTrailingZerosTrimmed() {
    assertEquals("2026-11-23T07:38:32.931962282Z",
        GoTime.rfc3339Nano(GoTime.ofEpochNanos(1_795_419_512_931_962_282L), ZoneOffset.UTC));
    assertEquals("2026-11-23T07:38:48.04279033Z",
        GoTime.rfc3339Nano(GoTime.ofEpochNanos(1_795_419_528_042_790_330L), ZoneOffset.UTC));
    assertEquals("2026-01-04T03:00:03.5Z", GoTime.rfc3339Nano(Instant.parse("2026-01-04T03:00:03.500Z"), ZoneOffset.UTC));
    assertEquals("2026-01-04T03:00:03Z", GoTime.rfc3339Nano(Instant.parse("2026-01-04T03:00:03Z"), ZoneOffset.UTC));
  }

  @Test
  void writesTheLocalOffset() {
    Instant t = Instant.parse("2026-01-04T03:00:03.120Z");
    assertEquals("2026-01-04T04:00:03.12+01:00", GoTime.rfc3339Nano(t, ZoneId.of("Europe/Berlin")));
    assertEquals("2026-01-03T22:30:03.12-04:30", GoTime.rfc3339Nano(t, ZoneOffset.ofHoursMinutes(-4, -30)));
  }
}
