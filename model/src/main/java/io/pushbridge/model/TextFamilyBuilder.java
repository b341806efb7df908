package io.pushbridge.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One family while a text body is parsed: HELP, TYPE and series arrive line by line. */
final class TextFamilyBuilder {
  final String name;

  /** Null until a HELP line sets it. */
  String help;

  /** Null until a TYPE line or the first sample sets it; either fixes it for good. */
  MetricType type;

  private final List<Metric> scalars = new ArrayList<>();
  private final List<Series> series = new ArrayList<>();
  private final Map<Labels, Series> seriesByLabels = new HashMap<>();
  private Series last;

  TextFamilyBuilder(String name) {
    this.name = name;
  }

  boolean isSummaryOrHistogram() {
    return type == MetricType.SUMMARY || type == MetricType.HISTOGRAM;
  }

  void addScalar(Metric.Scalar metric) {
    scalars.add(metric);
  }

  /**
   * The summary or histogram series with the scratch's labels (sorted by name, {@code quantile}
   * or {@code le} already left out), created on first sight: lines of one series need not be
   * adjacent, though they mostly are.
   */
  Series series(TextLabelScratch scratch) {
    if (last != null && last.hasLabels(scratch)) {
      return last;
    }
    Labels labels = scratch.toLabels();
    Series s = seriesByLabels.get(labels);
    if (s == null) {
      s = new Series(labels);
      seriesByLabels.put(labels, s);
      series.add(s);
    }
    last = s;
    return s;
  }

  /** The family, or null when no sample was seen: such families are dropped. */
  MetricFamily build() {
    if (scalars.isEmpty() && series.isEmpty()) {
      return null;
    }
    if (series.isEmpty()) {
      return new MetricFamily(name, help, type, scalars);
    }
    List<Metric> metrics = new ArrayList<>(series.size());
    for (Series s : series) {
      metrics.add(s.build(type));
    }
    return new MetricFamily(name, help, type, metrics);
  }

  /**
   * Go's {@code uint64(f)} as the amd64 compiler emits it, which is what the upstream binary
   * does to summary counts and bucket counts: truncation toward zero below 2^63, negative values
   * wrapping as int64 would, and NaN, infinities and other out-of-range values ending up at 2^63
   * (upstream's text parser never rejects them).
   */
  static long goUint64(double f) {
    if (f < 0x1p63) {
      return truncatingConvert(f);
    }
    return truncatingConvert(f - 0x1p63) | Long.MIN_VALUE;
  }

  /** The x86 CVTTSD2SI instruction: out of range or NaN yields the sign bit alone. */
  private static long truncatingConvert(double f) {
    return f >= -0x1p63 && f < 0x1p63 ? (long) f : Long.MIN_VALUE;
  }

  /** A summary or histogram series under construction. */
  static final class Series {
    private final Labels labels;
    private long count;
    private double sum;
    private final List<Metric.Quantile> quantiles = new ArrayList<>();
    private final List<Metric.Bucket> buckets = new ArrayList<>();
    private long timestampMs = Metric.NO_TIMESTAMP;

    private Series(Labels labels) {
      this.labels = labels;
    }

    private boolean hasLabels(TextLabelScratch scratch) {
      if (labels.size() != scratch.count()) {
        return false;
      }
      for (int i = 0; i < scratch.count(); i++) {
        if (!labels.name(i).equals(scratch.name(i)) || !labels.value(i).equals(scratch.value(i))) {
          return false;
        }
      }
      return true;
    }

    void count(double value) {
      count = goUint64(value);
    }

    void sum(double value) {
      sum = value;
    }

    void quantile(double quantile, double value) {
      quantiles.add(new Metric.Quantile(quantile, value));
    }

    void bucket(double upperBound, double cumulativeCount) {
      buckets.add(new Metric.Bucket(upperBound, goUint64(cumulativeCount)));
    }

    void timestampMs(long timestamp) {
      timestampMs = timestamp;
    }

    private Metric build(MetricType type) {
      return type == MetricType.SUMMARY
          ? new Metric.Summary(labels, count, sum, quantiles, timestampMs)
          : new Metric.Histogram(labels, count, sum, buckets, timestampMs);
    }
  }
}
