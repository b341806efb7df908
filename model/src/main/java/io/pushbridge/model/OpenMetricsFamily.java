package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OpenMetrics MetricFamily while its lines arrive: its metadata, the rules the specification
 * sets for its samples, and its translation into the model (see {@link OpenMetricsParser} for the
 * mapping). A Metric is the samples of one label set (without {@code le}, {@code quantile} or the
 * stateset's own label); its samples must be adjacent.
 */
final class OpenMetricsFamily {

  /** The OpenMetrics types with the suffixes their sample names may carry. */
  enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    GAUGEHISTOGRAM,
    SUMMARY,
    INFO,
    STATESET,
    UNKNOWN;

    String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    List<String> suffixes() {
      return switch (this) {
        case COUNTER -> List.of("_total", "_created");
        case HISTOGRAM -> List.of("_bucket", "_count", "_sum", "_created");
        case GAUGEHISTOGRAM -> List.of("_bucket", "_gcount", "_gsum");
        case SUMMARY -> List.of("", "_count", "_sum", "_created");
        case INFO -> List.of("_info");
        default -> List.of("");
      };
    }

    /** The type a TYPE line names (lower case only), or null. */
    static Type of(String keyword) {
      for (Type t : values()) {
        if (t.keyword().equals(keyword)) {
          return t;
        }
      }
      return null;
    }
  }

  final String name;
  private final OpenMetricsLexer lexer;
  private Type type;
  private boolean helpSeen;
  private String help;
  private boolean unitSeen;
  private String unit = "";
  private final Map<Labels, Point> points = new LinkedHashMap<>();
  private Point current;

  OpenMetricsFamily(String name, OpenMetricsLexer lexer) {
    this.name = name;
    this.lexer = lexer;
  }

  boolean hasSamples() {
    return !points.isEmpty();
  }

  /** Null until a TYPE line or the first sample; a family without TYPE is unknown. */
  Type type() {
    return type;
  }

  void type(Type t) {
    if (type != null) {
      throw lexer.error("second TYPE line for metric " + GoStrings.quote(name));
    }
    if (t == Type.GAUGEHISTOGRAM) {
      throw lexer.error("metric type \"gaugehistogram\" of metric " + GoStrings.quote(name)
          + " is not supported: the gateway stores no gauge histograms");
    }
    type = t;
    checkUnitAllowed();
  }

  /** An empty help counts as none, as the specification says. */
  void help(String text) {
    if (helpSeen) {
      throw lexer.error("second HELP line for metric " + GoStrings.quote(name));
    }
    helpSeen = true;
    help = text.isEmpty() ? null : text;
  }

  /** Checked and then dropped: the model keeps no units. */
  void unit(String u) {
    if (unitSeen) {
      throw lexer.error("second UNIT line for metric " + GoStrings.quote(name));
    }
    unitSeen = true;
    unit = u;
    if (!u.isEmpty() && !name.endsWith("_" + u)) {
      throw lexer.error("unit " + GoStrings.quote(u) + " not a suffix of metric " + GoStrings.quote(name));
    }
    checkUnitAllowed();
  }

  private void checkUnitAllowed() {
    if (!unit.isEmpty() && (type == Type.INFO || type == Type.STATESET)) {
      throw lexer.error(type.keyword() + " metric " + GoStrings.quote(name) + " must not have a unit");
    }
  }

  /** The sample names this family's type allows. */
  List<String> sampleNames() {
    Type t = type == null ? Type.UNKNOWN : type;
    List<String> names = new ArrayList<>();
    for (String suffix : t.suffixes()) {
      names.add(name + suffix);
    }
    return names;
  }

  boolean accepts(String sampleName) {
    return sampleNames().contains(sampleName);
  }

  void add(OpenMetricsSample s) {
    if (type == null) {
      type = Type.UNKNOWN;
    }
    String suffix = s.name().substring(name.length());
    if (s.hasExemplar() && !(type == Type.COUNTER && suffix.equals("_total"))
        && !(type == Type.HISTOGRAM && suffix.equals("_bucket"))) {
      throw lexer.error("exemplar on " + GoStrings.quote(s.name())
          + ": only counter _total and histogram _bucket samples may have exemplars");
    }
    String selector = selectorLabel(suffix);
    double selected = Double.NaN;
    if (selector != null) {
      selected = selectorValue(s, selector);
    }
    String reserved = type == Type.HISTOGRAM ? "le" : type == Type.SUMMARY ? "quantile" : null;
    if (reserved != null && !reserved.equals(selector) && s.labels().containsKey(reserved)) {
      throw lexer.error("sample " + GoStrings.quote(s.name()) + " must not have a "
          + GoStrings.quote(reserved) + " label");
    }
    Labels group = s.labelsWithout(selector == null ? "" : selector);
    startPointIfNew(group, s);
    if (!current.seen.add(Map.entry(s.name(), s.labels()))) {
      throw lexer.error("duplicate sample " + GoStrings.quote(s.name()) + Labels.fromMap(s.labels()));
    }
    record(s, suffix, selected);
  }

  /** The label that picks a value within a Metric: {@code le}, {@code quantile}, the state. */
  private String selectorLabel(String suffix) {
    return switch (type) {
      case HISTOGRAM -> suffix.equals("_bucket") ? "le" : null;
      case SUMMARY -> suffix.isEmpty() ? "quantile" : null;
      case STATESET -> name;
      default -> null;
    };
  }

  private double selectorValue(OpenMetricsSample s, String selector) {
    String value = s.labels().get(selector);
    if (value == null) {
      throw lexer.error("sample " + GoStrings.quote(s.name()) + " has no " + GoStrings.quote(selector)
          + " label");
    }
    if (type == Type.STATESET) {
      return Double.NaN;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    double v;
    try {
      v = GoFloatParser.parse(bytes, 0, bytes.length);
    } catch (NumberFormatException e) {
      throw lexer.error("expected a number as " + selector + " label, got " + GoStrings.quote(value));
    }
    if (Double.isNaN(v) || (type == Type.SUMMARY && !(v >= 0 && v <= 1))) {
      throw lexer.error("invalid " + selector + " label " + GoStrings.quote(value));
    }
    return v;
  }

  /**
   * Moves to the Metric of {@code group}: a new one unless it is the current one. Within a Metric,
   * either every sample has a timestamp or none has; a later timestamp starts its next MetricPoint,
   * which replaces the earlier one (the push is refused for its timestamps anyway).
   */
  private void startPointIfNew(Labels group, OpenMetricsSample s) {
    if (current != null && current.labels.equals(group)) {
      if (s.hasTimestamp() != current.hasTimestamp()) {
        throw lexer.error("samples with and without timestamp in one metric of " + GoStrings.quote(name));
      }
      if (s.timestampMs() < current.timestampMs) {
        throw lexer.error("timestamps go backwards in a metric of " + GoStrings.quote(name));
      }
      if (s.timestampMs() == current.timestampMs) {
        return;
      }
    } else if (points.containsKey(group)) {
      throw lexer.error("samples of metric " + GoStrings.quote(name) + group + " are not adjacent");
    }
    finishPoint();
    current = new Point(group, s.timestampMs());
    points.put(group, current);
  }

  private void record(OpenMetricsSample s, String suffix, double selected) {
    double v = s.value();
    Point p = current;
    switch (type) {
      case COUNTER -> {
        if (suffix.equals("_total")) {
          p.value = counterLike(s);
          p.hasValue = true;
        }
      }
      case GAUGE, UNKNOWN -> p.value = v;
      case INFO -> {
        if (v != 1) {
          throw lexer.error("info sample " + GoStrings.quote(s.name()) + " must have the value 1");
        }
        p.value = v;
      }
      case STATESET -> {
        if (v != 0 && v != 1) {
          throw lexer.error("stateset sample " + GoStrings.quote(s.name()) + " must have the value 0 or 1");
        }
        p.states.add(new Metric.Scalar(Labels.fromMap(s.labels()), v, p.timestampMs));
      }
      case SUMMARY -> {
        switch (suffix) {
          case "" -> {
            if (v < 0) {
              throw lexer.error("quantile value of " + GoStrings.quote(s.name()) + " must not be negative");
            }
            p.quantiles.add(new Metric.Quantile(selected, v));
          }
          case "_count" -> p.count = count(s);
          case "_sum" -> p.sum = counterLike(s);
          default -> { }
        }
      }
      case HISTOGRAM -> {
        switch (suffix) {
          case "_bucket" -> bucket(s, selected);
          case "_count" -> p.count = count(s);
          case "_sum" -> p.sum = counterLike(s);
          default -> { }
        }
      }
      default -> throw new IllegalStateException("unreachable: " + type);
    }
  }

  private void bucket(OpenMetricsSample s, double le) {
    long count = count(s);
    if (s.hasExemplar() && !(s.exemplarValue() <= le)) {
      throw lexer.error("exemplar value of bucket le=" + GoStrings.quote(s.labels().get("le"))
          + " of histogram " + GoStrings.quote(name) + " is not within the bucket");
    }
    Point p = current;
    if (!p.buckets.isEmpty()) {
      Metric.Bucket last = p.buckets.get(p.buckets.size() - 1);
      if (!(le > last.upperBound())) {
        throw lexer.error("buckets of histogram " + GoStrings.quote(name) + " not in increasing order of le");
      }
      if (Long.compareUnsigned(count, last.cumulativeCount()) < 0) {
        throw lexer.error("bucket values of histogram " + GoStrings.quote(name) + " decrease");
      }
    }
    p.buckets.add(new Metric.Bucket(le, count));
  }

  /** Totals, sums: neither NaN nor negative. */
  private double counterLike(OpenMetricsSample s) {
    if (Double.isNaN(s.value()) || s.value() < 0) {
      throw lexer.error("sample " + GoStrings.quote(s.name()) + " must be neither NaN nor negative");
    }
    return s.value();
  }

  /** Counts and bucket values: non-negative integers (as unsigned 64-bit). */
  private long count(OpenMetricsSample s) {
    double v = s.value();
    if (!(v >= 0 && v < 0x1p64 && v == Math.rint(v))) {
      throw lexer.error("sample " + GoStrings.quote(s.name()) + " must be a non-negative integer");
    }
    return TextFamilyBuilder.goUint64(v);
  }

  /** Checks what can only be checked once a MetricPoint is complete. */
  private void finishPoint() {
    Point p = current;
    if (p == null) {
      return;
    }
    String metric = GoStrings.quote(name) + p.labels;
    if (type == Type.COUNTER && !p.hasValue) {
      throw lexer.error("counter " + metric + " has no _total sample");
    }
    if (type != Type.HISTOGRAM) {
      return;
    }
    if (p.buckets.isEmpty() || p.buckets.get(p.buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      throw lexer.error("histogram " + metric + " has no +Inf bucket");
    }
    long inf = p.buckets.get(p.buckets.size() - 1).cumulativeCount();
    if (p.count != null && p.count != inf) {
      throw lexer.error("_count of histogram " + metric + " does not match its +Inf bucket");
    }
    if ((p.count == null) != (p.sum == null)) {
      throw lexer.error("histogram " + metric + " must have both _sum and _count or neither");
    }
    if (p.sum != null && p.buckets.get(0).upperBound() < 0) {
      throw lexer.error("histogram " + metric + " has negative buckets and must not have a _sum");
    }
  }

  /** The family as the model stores it, or null when it has no samples. */
  MetricFamily build() {
    finishPoint();
    if (points.isEmpty()) {
      return null;
    }
    List<Metric> metrics = new ArrayList<>(points.size());
    for (Point p : points.values()) {
      switch (type) {
        case STATESET -> metrics.addAll(p.states);
        case SUMMARY -> metrics.add(new Metric.Summary(p.labels, p.count == null ? 0 : p.count,
            p.sum == null ? 0 : p.sum, p.quantiles, p.timestampMs));
        case HISTOGRAM -> metrics.add(new Metric.Histogram(p.labels,
            p.count == null ? p.buckets.get(p.buckets.size() - 1).cumulativeCount() : p.count,
            p.sum == null ? 0 : p.sum, p.buckets, p.timestampMs));
        default -> metrics.add(new Metric.Scalar(p.labels, p.value, p.timestampMs));
      }
    }
    return switch (type) {
      case COUNTER -> new MetricFamily(name + "_total", help, MetricType.COUNTER, metrics);
      case INFO -> new MetricFamily(name + "_info", help, MetricType.GAUGE, metrics);
      case GAUGE, STATESET -> new MetricFamily(name, help, MetricType.GAUGE, metrics);
      case SUMMARY -> new MetricFamily(name, help, MetricType.SUMMARY, metrics);
      case HISTOGRAM -> new MetricFamily(name, help, MetricType.HISTOGRAM, metrics);
      default -> new MetricFamily(name, help, MetricType.UNTYPED, metrics);
    };
  }

  /** One MetricPoint: the samples of one Metric at one time. */
  private static final class Point {
    final Labels labels;
    final long timestampMs;
    final Set<Map.Entry<String, Map<String, String>>> seen = new HashSet<>();
    double value;
    boolean hasValue;
    Long count;
    Double sum;
    final List<Metric.Quantile> quantiles = new ArrayList<>();
    final List<Metric.Bucket> buckets = new ArrayList<>();
    final List<Metric> states = new ArrayList<>();

    Point(Labels labels, long timestampMs) {
      this.labels = labels;
      this.timestampMs = timestampMs;
    }

    boolean hasTimestamp() {
      return timestampMs != Metric.NO_TIMESTAMP;
    }
  }
}
