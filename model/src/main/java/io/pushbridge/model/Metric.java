package io.pushbridge.model;

import java.util.List;

/**
 * One series of a family: its labels and its value, shaped by the family's type.
 *
 * <p>Timestamps are kept as the parser found them so that validation can reject them the way
 * upstream does; a stored metric never carries one.
 */
public sealed interface Metric permits Metric.Scalar, Metric.Summary, Metric.Histogram {

  /** Marks a metric without a timestamp. */
  long NO_TIMESTAMP = Long.MIN_VALUE;

  Labels labels();

  long timestampMs();

  default boolean hasTimestamp() {
    return timestampMs() != NO_TIMESTAMP;
  }

  /** This metric with other labels, everything else unchanged. */
  Metric withLabels(Labels labels);

  /** A counter, gauge or untyped value. */
  record Scalar(Labels labels, double value, long timestampMs) implements Metric {
    public Scalar(Labels labels, double value) {
      this(labels, value, NO_TIMESTAMP);
    }

    @Override
    public Scalar withLabels(Labels newLabels) {
      return new Scalar(newLabels, value, timestampMs);
    }
  }

  /** A summary; {@code count} is an unsigned 64-bit integer. */
  record Summary(Labels labels, long count, double sum, List<Quantile> quantiles, long timestampMs)
      implements Metric {
    public Summary {
      quantiles = List.copyOf(quantiles);
    }

    @Override
    public Summary withLabels(Labels newLabels) {
      return new Summary(newLabels, count, sum, quantiles, timestampMs);
    }
  }

  /**
   * A histogram: its classic buckets (counts are unsigned 64-bit integers, buckets in stored
   * order) and, when pushed as protobuf with them, its native buckets ({@code nativeHistogram},
   * else null), which only protobuf scrapes show.
   */
  record Histogram(
      Labels labels,
      long count,
      double sum,
      List<Bucket> buckets,
      long timestampMs,
      NativeHistogram nativeHistogram)
      implements Metric {
    public Histogram {
      buckets = List.copyOf(buckets);
    }

    /** A classic histogram, without native buckets. */
    public Histogram(Labels labels, long count, double sum, List<Bucket> buckets, long timestampMs) {
      this(labels, count, sum, buckets, timestampMs, null);
    }

    @Override
    public Histogram withLabels(Labels newLabels) {
      return new Histogram(newLabels, count, sum, buckets, timestampMs, nativeHistogram);
    }
  }

  record Quantile(double quantile, double value) {}

  record Bucket(double upperBound, long cumulativeCount) {}
}
