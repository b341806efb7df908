package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowedSummaryTest {
  private static final long MINUTE = 60_000_000_000L;
  private final AtomicLong clock = new AtomicLong(7 * MINUTE + 12345);
  private final WindowedSummary summary = new WindowedSummary(clock::get);

  @Test
  void quantilesAreWithinThreePercentOfTheTrueValues() {
    for (int i = 1; i <= 1000; i++) {
      summary.observe(i / 1000.0);
    }
    Quantiles q = summary.quantiles();
    assertEquals(0.1, q.get(0).getQuantile());
    assertEquals(0.1, q.get(0).getValue(), 0.1 / 32);
    assertEquals(0.5, q.get(1).getValue(), 0.5 / 32);
    assertEquals(0.9, q.get(2).getValue(), 0.9 / 32);
    assertEquals(1000, summary.count());
    assertEquals(500.5, summary.sum(), 1e-9);
  }

  @Test
  void everyValueLandsInABucketWhoseMiddleIsWithinOneThirtySecond() {
    for (double v = 1e-9; v < 1e12; v *= 1.37) {
      double m = WindowedSummary.middle(WindowedSummary.slot(v));
      assertTrue(Math.abs(m - v) <= v / 32, v + " -> " + m);
    }
    assertEquals(0.0, WindowedSummary.middle(WindowedSummary.slot(0)));
  }

  @Test
  void emptyWindowReportsNaN() {
    assertTrue(Double.isNaN(summary.quantiles().get(1).getValue()));
  }

  @Test
  void observationsStayForEightMinutesAndAreGoneAfterTen() {
    summary.observe(2.0);
    clock.addAndGet(8 * MINUTE);
    summary.observe(4.0);
    assertEquals(2.0, summary.quantiles().get(0).getValue(), 2.0 / 32);
    clock.addAndGet(2 * MINUTE + 1);
    assertEquals(4.0, summary.quantiles().get(0).getValue(), 4.0 / 32);
    clock.addAndGet(10 * MINUTE);
    assertTrue(Double.isNaN(summary.quantiles().get(0).getValue()));
    assertEquals(2, summary.count());
    assertEquals(6.0, summary.sum());
  }

  @Test
  void aRecycledAgeBucketStartsEmpty() {
    summary.observe(1.0);
    clock.addAndGet(10 * MINUTE);
    summary.observe(100.0);
    Quantiles q = summary.quantiles();
    assertEquals(100.0, q.get(0).getValue(), 100.0 / 32);
    assertEquals(100.0, q.get(2).getValue(), 100.0 / 32);
  }
}
