package io.pushbridge.model;

import java.nio.charset.StandardCharsets;

/**
 * A metric as upstream 1.5.1 prints it inside consistency errors ({@code collected metric "x" {
 * <here>} ...}): golang/protobuf's compact text format, e.g. {@code label:<name:"job" value:"a" >
 * gauge:<value:1 > }. Fields appear in declaration order of client_model's {@code metrics.proto},
 * each followed by a blank; strings are escaped byte by byte (non-printable and non-ASCII bytes as
 * three-digit octal); doubles use Go's {@code %v} except {@code inf}, {@code -inf}, {@code nan}.
 *
 * <p>Upstream only prints fields that were set; a parsed {@link Metric} does not know which were,
 * so the counts and sums of summaries and histograms are always printed. Clients must not parse
 * these texts (spec §0); they only have to read like upstream's.
 */
public final class GoProtoText {
  private GoProtoText() {}

  /**
   * The text of {@code metric} in a family of {@code type}, ending with a blank. A scalar is
   * printed under the field its family type names ({@code counter}, {@code gauge}, {@code
   * untyped}).
   */
  public static String of(MetricType type, Metric metric) {
    StringBuilder sb = new StringBuilder(64 + 32 * metric.labels().size());
    Labels labels = metric.labels();
    for (int i = 0; i < labels.size(); i++) {
      appendLabel(sb, labels.name(i), utf8(labels.value(i)));
    }
    if (metric instanceof Metric.Scalar scalar) {
      appendScalar(sb, scalarField(type), true, scalar.value());
    } else if (metric instanceof Metric.Summary summary) {
      appendSummary(sb, summary);
    } else if (metric instanceof Metric.Histogram histogram) {
      appendHistogram(sb, histogram);
    }
    if (metric.hasTimestamp()) {
      appendTimestamp(sb, metric.timestampMs());
    }
    return sb.toString();
  }

  private static String scalarField(MetricType type) {
    return switch (type) {
      case COUNTER -> "counter";
      case GAUGE -> "gauge";
      default -> "untyped";
    };
  }

  /** {@code label:<name:"n" value:"v" > }; the value as raw bytes, which may be invalid UTF-8. */
  static void appendLabel(StringBuilder sb, String name, byte[] value) {
    sb.append("label:<name:");
    appendQuoted(sb, utf8(name));
    sb.append(" value:");
    appendQuoted(sb, value);
    sb.append(" > ");
  }

  /** {@code field:<value:v > }, or {@code field:<> } for a message without its value. */
  static void appendScalar(StringBuilder sb, String field, boolean hasValue, double value) {
    sb.append(field).append(":<");
    if (hasValue) {
      sb.append("value:");
      appendDouble(sb, value);
      sb.append(" > ");
    } else {
      sb.append("> ");
    }
  }

  static void appendSummary(StringBuilder sb, Metric.Summary summary) {
    sb.append("summary:<sample_count:").append(Long.toUnsignedString(summary.count()));
    sb.append(" sample_sum:");
    appendDouble(sb, summary.sum());
    sb.append(' ');
    for (Metric.Quantile q : summary.quantiles()) {
      sb.append("quantile:<quantile:");
      appendDouble(sb, q.quantile());
      sb.append(" value:");
      appendDouble(sb, q.value());
      sb.append(" > ");
    }
    sb.append("> ");
  }

  static void appendHistogram(StringBuilder sb, Metric.Histogram histogram) {
    sb.append("histogram:<sample_count:").append(Long.toUnsignedString(histogram.count()));
    sb.append(" sample_sum:");
    appendDouble(sb, histogram.sum());
    sb.append(' ');
    for (Metric.Bucket b : histogram.buckets()) {
      sb.append("bucket:<cumulative_count:").append(Long.toUnsignedString(b.cumulativeCount()));
      sb.append(" upper_bound:");
      appendDouble(sb, b.upperBound());
      sb.append(" > ");
    }
    sb.append("> ");
  }

  static void appendTimestamp(StringBuilder sb, long timestampMs) {
    sb.append("timestamp_ms:").append(timestampMs).append(' ');
  }

  private static void appendDouble(StringBuilder sb, double v) {
    if (Double.isNaN(v)) {
      sb.append("nan");
    } else if (v == Double.POSITIVE_INFINITY) {
      sb.append("inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      sb.append("-inf");
    } else {
      sb.append(GoFloat.formatJson(v));
    }
  }

  /** golang/protobuf's {@code writeQuotedString}: byte-wise, octal for anything outside printable ASCII. */
  static void appendQuoted(StringBuilder sb, byte[] s) {
    sb.append('"');
    for (byte b : s) {
      int c = b & 0xFF;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c >= 0x20 && c < 0x7F) {
            sb.append((char) c);
          } else {
            sb.append('\\')
                .append((char) ('0' + (c >> 6)))
                .append((char) ('0' + ((c >> 3) & 7)))
                .append((char) ('0' + (c & 7)));
          }
        }
      }
    }
    sb.append('"');
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
