package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KafkaMetricsTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L, 500_000_000);

  @Test
  void expiryIsHeldBackFromTheHorizonToNowAndNotAtAllByAHorizonAhead() {
    assertEquals(90.5, KafkaMetrics.heldBackSeconds(1_799_999_910L * 1_000_000_000L, NOW));
    assertEquals(0.0, KafkaMetrics.heldBackSeconds(Long.MAX_VALUE, NOW));
    assertEquals(0.0, KafkaMetrics.heldBackSeconds(1_800_000_001L * 1_000_000_000L, NOW));
  }

  @Test
  void aHorizonThatKnowsNothingHoldsExpiryBackWithoutBound() {
    assertEquals(Double.POSITIVE_INFINITY, KafkaMetrics.heldBackSeconds(Long.MIN_VALUE, NOW));
  }
}
