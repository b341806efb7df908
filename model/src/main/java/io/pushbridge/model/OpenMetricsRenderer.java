package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes OpenMetrics 1.0 text as prometheus common's {@code expfmt} OpenMetrics encoder writes the
 * same families (what client_golang serves with OpenMetrics enabled), except that metadata comes
 * in the specification's order (TYPE before HELP):
 *
 * <ul>
 *   <li>a counter named {@code x_total} is {@code # TYPE x counter} with samples {@code x_total};
 *       a counter without that suffix (possible in text pushes) is {@code # TYPE x unknown} with
 *       samples {@code x}, so that every series keeps its name in every format;
 *   <li>untyped is {@code unknown}; gauge, summary and histogram keep their names;
 *   <li>floats as Go's {@code %g} with {@code .0} appended when that has neither point nor
 *       exponent ({@code 1.0}, {@code 1e+06}, {@code 0.5}, {@code +Inf}, {@code NaN}), also in
 *       {@code le} and {@code quantile} labels; counts as integers;
 *   <li>{@code \}, newline and {@code "} escaped in label values and help; an empty help is no
 *       help in OpenMetrics and gets no line; no {@code # UNIT}, {@code _created} or exemplars,
 *       as the model keeps none; no timestamps.
 * </ul>
 *
 * <p>The caller ends the exposition with {@link #renderEof}.
 */
public final class OpenMetricsRenderer {
  private OpenMetricsRenderer() {}

  public static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final byte[] HELP = ascii("# HELP ");
  private static final byte[] TYPE = ascii("# TYPE ");
  private static final byte[] EOF = ascii("# EOF\n");
  private static final String TOTAL = "_total";

  /**
   * All families with series, sorted by name, their series in {@link TextRenderer#SERIES_ORDER},
   * then {@code # EOF}.
   */
  public static void render(List<MetricFamily> families, ByteArrayBuilder out) {
    List<MetricFamily> sorted = new ArrayList<>(families);
    sorted.sort(TextRenderer.FAMILY_ORDER);
    for (MetricFamily family : sorted) {
      List<Metric> metrics = new ArrayList<>(family.metrics());
      metrics.sort(TextRenderer.SERIES_ORDER);
      renderFamily(family.withMetrics(metrics), out);
    }
    renderEof(out);
  }

  /** One family's metadata and samples, series in the given order; nothing for a family without series. */
  public static void renderFamily(MetricFamily family, ByteArrayBuilder out) {
    if (family.metrics().isEmpty()) {
      return;
    }
    String name = family.name();
    boolean counter = family.type() == MetricType.COUNTER && name.endsWith(TOTAL);
    String shortName = counter ? name.substring(0, name.length() - TOTAL.length()) : name;
    out.append(TYPE).append(shortName).append((byte) ' ').append(keyword(family.type(), counter))
        .append((byte) '\n');
    if (family.help() != null && !family.help().isEmpty()) {
      out.append(HELP).append(shortName).append((byte) ' ');
      TextRenderer.appendEscaped(family.help(), true, out);
      out.append((byte) '\n');
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    for (Metric metric : family.metrics()) {
      renderSeries(nameBytes, metric, out);
    }
  }

  public static void renderEof(ByteArrayBuilder out) {
    out.append(EOF);
  }

  private static String keyword(MetricType type, boolean counterWithTotal) {
    return switch (type) {
      case COUNTER -> counterWithTotal ? "counter" : "unknown";
      case UNTYPED -> "unknown";
      default -> type.keyword();
    };
  }

  private static void renderSeries(byte[] name, Metric metric, ByteArrayBuilder out) {
    Labels labels = metric.labels();
    if (metric instanceof Metric.Scalar scalar) {
      sample(name, "", labels, null, 0, out);
      endFloat(scalar.value(), out);
    } else if (metric instanceof Metric.Summary summary) {
      for (Metric.Quantile q : summary.quantiles()) {
        sample(name, "", labels, "quantile", q.quantile(), out);
        endFloat(q.value(), out);
      }
      sample(name, "_sum", labels, null, 0, out);
      endFloat(summary.sum(), out);
      sample(name, "_count", labels, null, 0, out);
      endCount(summary.count(), out);
    } else if (metric instanceof Metric.Histogram histogram) {
      boolean infSeen = false;
      for (Metric.Bucket b : histogram.buckets()) {
        sample(name, "_bucket", labels, "le", b.upperBound(), out);
        endCount(b.cumulativeCount(), out);
        infSeen |= b.upperBound() == Double.POSITIVE_INFINITY;
      }
      if (!infSeen) {
        sample(name, "_bucket", labels, "le", Double.POSITIVE_INFINITY, out);
        endCount(histogram.count(), out);
      }
      sample(name, "_sum", labels, null, 0, out);
      endFloat(histogram.sum(), out);
      sample(name, "_count", labels, null, 0, out);
      endCount(histogram.count(), out);
    }
  }

  /** Name, suffix and labels (the {@code le} or {@code quantile} label last), no value yet. */
  private static void sample(byte[] name, String suffix, Labels labels, String extraLabel, double extraValue,
      ByteArrayBuilder out) {
    out.append(name).append(suffix);
    if (labels.isEmpty() && extraLabel == null) {
      return;
    }
    char separator = '{';
    for (int i = 0; i < labels.size(); i++) {
      out.append(separator).append(labels.name(i)).append((byte) '=').append((byte) '"');
      TextRenderer.appendEscaped(labels.value(i), true, out);
      out.append((byte) '"');
      separator = ',';
    }
    if (extraLabel != null) {
      out.append(separator).append(extraLabel).append((byte) '=').append((byte) '"');
      appendFloat(extraValue, out);
      out.append((byte) '"');
    }
    out.append((byte) '}');
  }

  private static void endFloat(double value, ByteArrayBuilder out) {
    out.append((byte) ' ');
    appendFloat(value, out);
    out.append((byte) '\n');
  }

  private static void endCount(long count, ByteArrayBuilder out) {
    out.append((byte) ' ').append(Long.toUnsignedString(count)).append((byte) '\n');
  }

  /** Go's {@code %g} (negative zero as {@code 0}), with {@code .0} when it reads as an integer. */
  static void appendFloat(double v, ByteArrayBuilder out) {
    byte[] buf = new byte[GoFloat.MAX_LENGTH];
    int length = GoFloat.write(v, true, buf);
    out.append(buf, 0, length);
    if (Double.isFinite(v) && !contains(buf, length, (byte) '.') && !contains(buf, length, (byte) 'e')) {
      out.append((byte) '.').append((byte) '0');
    }
  }

  private static boolean contains(byte[] buf, int length, byte b) {
    for (int i = 0; i < length; i++) {
      if (buf[i] == b) {
        return true;
      }
    }
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
