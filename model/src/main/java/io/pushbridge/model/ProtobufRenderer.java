package io.pushbridge.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes families as varint-delimited {@code io.prometheus.client.MetricFamily} messages, the
 * {@code /metrics} body for a protobuf {@code Accept}, readable by {@link ProtobufParser}. Fields go
 * out in field-number order, as protobuf-go writes them; the type is always written, timestamps
 * never. Unlike the text format, no synthetic {@code +Inf} bucket is added: upstream sends the
 * histogram as stored, its native buckets included.
 *
 * <p>Hand-written, like the parser: message lengths are computed before each message is written,
 * so the bytes go once into the {@link ByteArrayBuilder}.
 */
public final class ProtobufRenderer {
  private ProtobufRenderer() {}

  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED64 = 1;
  private static final int VARINT = 0;
  /** Tag byte plus eight bytes of a double. */
  private static final int DOUBLE_FIELD = 9;

  /**
   * All families with at least one series, sorted by name, series in {@link
   * TextRenderer#SERIES_ORDER}: the order in which upstream gathers them for either format.
   */
  public static void render(List<MetricFamily> families, ByteArrayBuilder out) {
    List<MetricFamily> sorted = new ArrayList<>(families);
    sorted.sort(TextRenderer.FAMILY_ORDER);
    for (MetricFamily family : sorted) {
      if (family.metrics().isEmpty()) {
        continue;
      }
      List<Metric> metrics = new ArrayList<>(family.metrics());
      metrics.sort(TextRenderer.SERIES_ORDER);
      renderFamily(family.withMetrics(metrics), out);
    }
  }

  /** One family as one delimited message, its metrics in the given order. */
  public static void renderFamily(MetricFamily family, ByteArrayBuilder out) {
    List<Metric> metrics = family.metrics();
    int[] metricSizes = new int[metrics.size()];
    int size = stringField(family.name());
    if (family.help() != null) {
      size += stringField(family.help());
    }
    size += 2;
    for (int i = 0; i < metricSizes.length; i++) {
      metricSizes[i] = metricSize(metrics.get(i));
      size += 1 + varintSize(metricSizes[i]) + metricSizes[i];
    }
    writeVarint(size, out);
    writeString(1, family.name(), out);
    if (family.help() != null) {
      writeString(2, family.help(), out);
    }
    out.append((byte) tag(3, VARINT)).append((byte) typeNumber(family.type()));
    for (int i = 0; i < metricSizes.length; i++) {
      out.append((byte) tag(4, LENGTH_DELIMITED));
      writeVarint(metricSizes[i], out);
      writeMetric(family.type(), metrics.get(i), out);
    }
  }

  /** The {@code MetricType} enum numbers of {@code metrics.proto}. */
  private static int typeNumber(MetricType type) {
    return switch (type) {
      case COUNTER -> 0;
      case GAUGE -> 1;
      case SUMMARY -> 2;
      case UNTYPED -> 3;
      case HISTOGRAM -> 4;
    };
  }

  private static int metricSize(Metric metric) {
    int size = 0;
    Labels labels = metric.labels();
    for (int i = 0; i < labels.size(); i++) {
      int pair = labelPairSize(labels.name(i), labels.value(i));
      size += 1 + varintSize(pair) + pair;
    }
    int value = valueSize(metric);
    return size + 1 + varintSize(value) + value;
  }

  private static int valueSize(Metric metric) {
    if (metric instanceof Metric.Summary s) {
      int size = 1 + varintSize(s.count()) + DOUBLE_FIELD;
      return size + s.quantiles().size() * (2 + 2 * DOUBLE_FIELD);
    }
    if (metric instanceof Metric.Histogram h) {
      int size = 1 + varintSize(h.count()) + DOUBLE_FIELD;
      for (Metric.Bucket b : h.buckets()) {
        int bucket = bucketSize(b);
        size += 1 + varintSize(bucket) + bucket;
      }
      return h.nativeHistogram() == null ? size : size + h.nativeHistogram().size();
    }
    return DOUBLE_FIELD;
  }

  private static int bucketSize(Metric.Bucket b) {
    return 1 + varintSize(b.cumulativeCount()) + DOUBLE_FIELD;
  }

  private static int labelPairSize(String name, String value) {
    return stringField(name) + stringField(value);
  }

  private static void writeMetric(MetricType type, Metric metric, ByteArrayBuilder out) {
    Labels labels = metric.labels();
    for (int i = 0; i < labels.size(); i++) {
      out.append((byte) tag(1, LENGTH_DELIMITED));
      writeVarint(labelPairSize(labels.name(i), labels.value(i)), out);
      writeString(1, labels.name(i), out);
      writeString(2, labels.value(i), out);
    }
    int value = valueSize(metric);
    if (metric instanceof Metric.Scalar scalar) {
      int field = switch (type) {
        case GAUGE -> 2;
        case COUNTER -> 3;
        default -> 5;
      };
      out.append((byte) tag(field, LENGTH_DELIMITED));
      writeVarint(value, out);
      writeDouble(1, scalar.value(), out);
    } else if (metric instanceof Metric.Summary summary) {
      out.append((byte) tag(4, LENGTH_DELIMITED));
      writeVarint(value, out);
      out.append((byte) tag(1, VARINT));
      writeVarint(summary.count(), out);
      writeDouble(2, summary.sum(), out);
      for (Metric.Quantile q : summary.quantiles()) {
        out.append((byte) tag(3, LENGTH_DELIMITED)).append((byte) (2 * DOUBLE_FIELD));
        writeDouble(1, q.quantile(), out);
        writeDouble(2, q.value(), out);
      }
    } else if (metric instanceof Metric.Histogram histogram) {
      out.append((byte) tag(7, LENGTH_DELIMITED));
      writeVarint(value, out);
      out.append((byte) tag(1, VARINT));
      writeVarint(histogram.count(), out);
      writeDouble(2, histogram.sum(), out);
      for (Metric.Bucket b : histogram.buckets()) {
        out.append((byte) tag(3, LENGTH_DELIMITED));
        writeVarint(bucketSize(b), out);
        out.append((byte) tag(1, VARINT));
        writeVarint(b.cumulativeCount(), out);
        writeDouble(2, b.upperBound(), out);
      }
      if (histogram.nativeHistogram() != null) {
        histogram.nativeHistogram().writeTo(out);
      }
    }
  }

  private static int stringField(String s) {
    int length = utf8Length(s);
    return 1 + varintSize(length) + length;
  }

  private static void writeString(int field, String s, ByteArrayBuilder out) {
    out.append((byte) tag(field, LENGTH_DELIMITED));
    writeVarint(utf8Length(s), out);
    out.append(s);
  }

  private static void writeDouble(int field, double v, ByteArrayBuilder out) {
    out.append((byte) tag(field, FIXED64));
    long bits = Double.doubleToRawLongBits(v);
    for (int i = 0; i < 8; i++) {
      out.append((byte) (bits >>> (8 * i)));
    }
  }

  private static void writeVarint(long v, ByteArrayBuilder out) {
    while ((v & ~0x7FL) != 0) {
      out.append((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.append((byte) v);
  }

  private static int varintSize(long v) {
    int size = 1;
    while ((v & ~0x7FL) != 0) {
      size++;
      v >>>= 7;
    }
    return size;
  }

  /**
   * The UTF-8 length of {@code s} as {@link ByteArrayBuilder#append(String)} encodes it (a lone
   * surrogate becomes one {@code ?}).
   */
  static int utf8Length(String s) {
    int n = s.length();
    int length = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          length++;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          length += 2;
          i++;
        } else if (!Character.isSurrogate(c)) {
          length += 2;
        }
      }
    }
    return length;
  }

  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }
}
