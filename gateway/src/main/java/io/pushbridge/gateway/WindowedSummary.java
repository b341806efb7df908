package io.pushbridge.gateway;

import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One summary series with client_golang's default sliding window (ten minutes in five age buckets
 * of two minutes; quantiles cover the last eight to ten minutes), kept in log-linear histograms
 * instead of CKMS streams. client_java's {@code Summary} inserts every observation into five CKMS
 * streams, which cost about a tenth of the CPU of a small push; here an observation is an index
 * computation and one atomic increment. A quantile is reported as the middle of its histogram
 * bucket, within 1/32 (about 3 %) of the true sample's value, where CKMS guarantees rank errors of
 * 1–5 %. Count and sum cover all time, as in every Prometheus summary.
 */
final class WindowedSummary {
  static final double[] QUANTILES = {0.1, 0.5, 0.9};
  static final long AGE_BUCKET_NANOS = 120_000_000_000L;
  static final int AGE_BUCKETS = 5;

  /** Mantissa bits per bucket: 16 buckets per power of two, each 1/16 wide. */
  private static final int SUB_BITS = 4;
  /** Smallest and largest binary exponents kept apart; values outside are clamped to the ends. */
  private static final int MIN_EXP = -32;
  private static final int MAX_EXP = 40;
  /** Slot 0 holds zeros (and anything below 2^MIN_EXP). */
  private static final int SLOTS = 1 + ((MAX_EXP - MIN_EXP + 1) << SUB_BITS);

  private final LongSupplier nanoTime;
  private final AtomicLongArray[] ages = new AtomicLongArray[AGE_BUCKETS];
  private final AtomicLongArray ageEpochs = new AtomicLongArray(AGE_BUCKETS);
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  WindowedSummary(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    long epoch = epoch();
    for (int i = 0; i < AGE_BUCKETS; i++) {
      ages[i] = new AtomicLongArray(SLOTS);
      ageEpochs.set(i, i == Math.floorMod(epoch, AGE_BUCKETS) ? epoch : Long.MIN_VALUE);
    }
  }

  void observe(double value) {
    count.increment();
    sum.add(value);
    long epoch = epoch();
    int age = Math.floorMod(epoch, AGE_BUCKETS);
    if (ageEpochs.get(age) != epoch) {
      recycle(age, epoch);
    }
    ages[age].incrementAndGet(slot(value));
  }

  long count() {
    return count.sum();
  }

  double sum() {
    return sum.sum();
  }

  /** The {@link #QUANTILES} over the window; NaN when it holds no observation, as client_golang. */
  Quantiles quantiles() {
    long now = epoch();
    long[] merged = new long[SLOTS];
    long total = 0;
    for (int a = 0; a < AGE_BUCKETS; a++) {
      long e = ageEpochs.get(a);
      if (e == Long.MIN_VALUE || now - e >= AGE_BUCKETS || e > now) {
        continue;
      }
      AtomicLongArray h = ages[a];
      for (int s = 0; s < SLOTS; s++) {
        long n = h.get(s);
        merged[s] += n;
        total += n;
      }
    }
    Quantile[] result = new Quantile[QUANTILES.length];
    for (int i = 0; i < QUANTILES.length; i++) {
      result[i] = new Quantile(QUANTILES[i], total == 0 ? Double.NaN : valueAtRank(merged, QUANTILES[i] * total));
    }
    return Quantiles.of(result);
  }

  private long epoch() {
    return Math.floorDiv(nanoTime.getAsLong(), AGE_BUCKET_NANOS);
  }

  private synchronized void recycle(int age, long epoch) {
    if (ageEpochs.get(age) == epoch) {
      return;
    }
    AtomicLongArray h = ages[age];
    for (int s = 0; s < SLOTS; s++) {
      h.set(s, 0);
    }
    ageEpochs.set(age, epoch);
  }

  static int slot(double value) {
    if (!(value >= 0x1p-32)) {
      return 0;
    }
    if (value >= 0x1p41) {
      return SLOTS - 1;
    }
    long bits = Double.doubleToRawLongBits(value);
    int exp = (int) (bits >>> 52) - 1023;
    int sub = (int) (bits >>> (52 - SUB_BITS)) & ((1 << SUB_BITS) - 1);
    return 1 + ((exp - MIN_EXP) << SUB_BITS) + sub;
  }

  /** The middle of the bucket of {@code slot}. */
  static double middle(int slot) {
    if (slot == 0) {
      return 0;
    }
    int exp = ((slot - 1) >> SUB_BITS) + MIN_EXP;
    int sub = (slot - 1) & ((1 << SUB_BITS) - 1);
    return Math.scalb(1 + (sub + 0.5) / (1 << SUB_BITS), exp);
  }

  private static double valueAtRank(long[] histogram, double rank) {
    long seen = 0;
    for (int s = 0; s < histogram.length; s++) {
      seen += histogram[s];
      if (seen > 0 && seen >= rank) {
        return middle(s);
      }
    }
    return middle(histogram.length - 1);
  }
}
