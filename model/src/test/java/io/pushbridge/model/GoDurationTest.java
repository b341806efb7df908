package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void parsesGoDurationSyntax() {
    assertEquals(Duration.ofMinutes(5), GoDuration.parse("5m"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
    assertEquals(Duration.ofNanos(2500), GoDuration.parse("2.5us"));
    assertEquals(Duration.ofNanos(3000), GoDuration.parse("3\u00b5s"));
    assertEquals(Duration.ofMillis(-100), GoDuration.parse("-100ms"));
    assertEquals(Duration.ZERO, GoDuration.parse("0"));
  }

  @Test
  void rejectsWithGosMessages() {
    assertEquals("time: invalid duration \"abc\"",
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("abc")).getMessage());
    assertEquals("time: missing unit in duration \"5\"",
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5")).getMessage());
    assertEquals("time: unknown unit \"x\" in duration \"5x\"",
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5x")).getMessage());
    assertEquals("time: invalid duration \"\"",
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("")).getMessage());
  }

  @Test
  void formatsLikeGoDurationString() {
    assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
    assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    assertEquals("1h30m5s", GoDuration.format(Duration.ofSeconds(5405)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("100ms", GoDuration.format(Duration.ofMillis(100)));
    assertEquals("1.5\u00b5s", GoDuration.format(Duration.ofNanos(1500)));
    assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
    assertEquals("0s", GoDuration.format(Duration.ZERO));
    assertEquals("-2m0s", GoDuration.format(Duration.ofMinutes(-2)));
  }
}
