package io.pushbridge.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes text exposition format 0.0.4 byte for byte as upstream 1.5.1 does (spec §7.2): prometheus
 * common's {@code expfmt} text encoder over client_golang's normalised (sorted) families.
 *
 * <p>Every byte goes straight into a {@link ByteArrayBuilder}: pushes pre-render their sample lines,
 * so this runs once per pushed series and must not build Strings per sample.
 */
public final class TextRenderer {
  private TextRenderer() {}

  private static final byte[] HELP = bytes("# HELP ");
  private static final byte[] TYPE = bytes("# TYPE ");
  private static final byte[] SUM = bytes("_sum");
  private static final byte[] COUNT = bytes("_count");
  private static final byte[] BUCKET = bytes("_bucket");
  private static final byte[] QUANTILE_LABEL = bytes("quantile=\"");
  private static final byte[] LE_LABEL = bytes("le=\"");
  private static final byte[] INF_BUCKET_LABEL = bytes("le=\"+Inf\"}");

  /**
   * Upstream's series order within a family (client_golang's {@code MetricSorter}): fewer labels
   * first; then label values compared position by position in label-name order, whatever the
   * names; then series with a timestamp before those without, earlier first. Upstream leaves series
   * that are still equal (same values under different names) to an unstable sort; here they are
   * ordered by their label names so that the order never depends on arrival order.
   */
  public static final Comparator<Metric> SERIES_ORDER = TextRenderer::compareSeries;

  private static int compareSeries(Metric a, Metric b) {
    Labels la = a.labels();
    Labels lb = b.labels();
    if (la.size() != lb.size()) {
      return Integer.compare(la.size(), lb.size());
    }
    for (int i = 0; i < la.size(); i++) {
      int c = compareUtf8(la.value(i), lb.value(i));
      if (c != 0) {
        return c;
      }
    }
    if (a.hasTimestamp() != b.hasTimestamp()) {
      return a.hasTimestamp() ? -1 : 1;
    }
    if (a.hasTimestamp()) {
      int c = Long.compare(a.timestampMs(), b.timestampMs());
      if (c != 0) {
        return c;
      }
    }
    for (int i = 0; i < la.size(); i++) {
      int c = compareUtf8(la.name(i), lb.name(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * Go compares strings by their UTF-8 bytes, i.e. by code point. UTF-16 order agrees except that
   * surrogates (code points above U+FFFF) sort below U+E000..U+FFFF; moving them up fixes that.
   */
  static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return codePointRank(ca) - codePointRank(cb);
      }
    }
    return a.length() - b.length();
  }

  private static int codePointRank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
  }

  /** Families ordered by name the way Go sorts strings. */
  static final Comparator<MetricFamily> FAMILY_ORDER = (a, b) -> compareUtf8(a.name(), b.name());

  /**
   * All families with at least one series, sorted by name, each with its HELP (if any) and TYPE
   * line and its series in {@link #SERIES_ORDER}.
   */
  public static void render(List<MetricFamily> families, ByteArrayBuilder out) {
    List<MetricFamily> sorted = new ArrayList<>(families);
    sorted.sort(FAMILY_ORDER);
    for (MetricFamily family : sorted) {
      if (family.metrics().isEmpty()) {
        continue;
      }
      renderHeader(family.name(), family.help(), family.type(), out);
      List<Metric> metrics = new ArrayList<>(family.metrics());
      metrics.sort(SERIES_ORDER);
      for (Metric metric : metrics) {
        renderSeries(family.name(), metric, out);
      }
    }
  }

  /**
   * The {@code # HELP} (when help is not null, escaping backslash and newline; an empty help still
   * gets its line, ending in a blank) and {@code # TYPE} lines of a family.
   */
  public static void renderHeader(String name, String help, MetricType type, ByteArrayBuilder out) {
    if (help != null) {
      out.append(HELP).append(name).append((byte) ' ');
      appendEscaped(help, false, out);
      out.append((byte) '\n');
    }
    out.append(TYPE).append(name).append((byte) ' ').append(type.keyword()).append((byte) '\n');
  }

  /**
   * The sample lines of one series: a single line for counters, gauges and untyped; quantile lines,
   * {@code _sum}, {@code _count} for summaries; buckets in stored order, a {@code le="+Inf"} bucket
   * holding the count when none was stored, {@code _sum}, {@code _count} for histograms. Counts are
   * written as float64, like upstream ({@code 1.234567e+06}). Timestamps are never written.
   */
  public static void renderSeries(String familyName, Metric metric, ByteArrayBuilder out) {
    Labels labels = metric.labels();
    if (metric instanceof Metric.Scalar scalar) {
      out.append(familyName);
      appendLabels(labels, out);
      endSample(scalar.value(), out);
    } else if (metric instanceof Metric.Summary summary) {
      for (Metric.Quantile q : summary.quantiles()) {
        out.append(familyName);
        appendLabelsWith(labels, QUANTILE_LABEL, q.quantile(), out);
        endSample(q.value(), out);
      }
      out.append(familyName).append(SUM);
      appendLabels(labels, out);
      endSample(summary.sum(), out);
      out.append(familyName).append(COUNT);
      appendLabels(labels, out);
      endCount(summary.count(), out);
    } else if (metric instanceof Metric.Histogram histogram) {
      boolean infSeen = false;
      for (Metric.Bucket b : histogram.buckets()) {
        out.append(familyName).append(BUCKET);
        appendLabelsWith(labels, LE_LABEL, b.upperBound(), out);
        endCount(b.cumulativeCount(), out);
        infSeen |= b.upperBound() == Double.POSITIVE_INFINITY;
      }
      if (!infSeen) {
        out.append(familyName).append(BUCKET);
        openLabelsForExtra(labels, out);
        out.append(INF_BUCKET_LABEL);
        endCount(histogram.count(), out);
      }
      out.append(familyName).append(SUM);
      appendLabels(labels, out);
      endSample(histogram.sum(), out);
      out.append(familyName).append(COUNT);
      appendLabels(labels, out);
      endCount(histogram.count(), out);
    }
  }

  private static void endSample(double value, ByteArrayBuilder out) {
    out.append((byte) ' ');
    GoFloat.append(value, out);
    out.append((byte) '\n');
  }

  private static void endCount(long count, ByteArrayBuilder out) {
    out.append((byte) ' ');
    GoFloat.appendUnsigned(count, out);
    out.append((byte) '\n');
  }

  private static void appendLabels(Labels labels, ByteArrayBuilder out) {
    if (labels.isEmpty()) {
      return;
    }
    char separator = '{';
    for (int i = 0; i < labels.size(); i++) {
      out.append(separator).append(labels.name(i)).append((byte) '=').append((byte) '"');
      appendEscaped(labels.value(i), true, out);
      out.append((byte) '"');
      separator = ',';
    }
    out.append((byte) '}');
  }

  /** The labels, then {@code extra} (quantile or le) last, as upstream appends it unsorted. */
  private static void appendLabelsWith(
      Labels labels, byte[] extra, double extraValue, ByteArrayBuilder out) {
    openLabelsForExtra(labels, out);
    out.append(extra);
    GoFloat.append(extraValue, out);
    out.append((byte) '"').append((byte) '}');
  }

  /** Writes {@code {a="1",b="2",} } up to where one more label follows. */
  private static void openLabelsForExtra(Labels labels, ByteArrayBuilder out) {
    out.append((byte) '{');
    for (int i = 0; i < labels.size(); i++) {
      out.append(labels.name(i)).append((byte) '=').append((byte) '"');
      appendEscaped(labels.value(i), true, out);
      out.append((byte) '"').append((byte) ',');
    }
  }

  /** Backslash and newline escaped, and the double quote too inside label values. */
  static void appendEscaped(String s, boolean quote, ByteArrayBuilder out) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\n' || (quote && c == '"')) {
        break;
      }
      i++;
    }
    if (i == n) {
      out.append(s);
      return;
    }
    for (int j = 0; j < n; j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        out.append((byte) '\\').append((byte) '\\');
      } else if (c == '\n') {
        out.append((byte) '\\').append((byte) 'n');
      } else if (quote && c == '"') {
        out.append((byte) '\\').append((byte) '"');
      } else if (c < 0x80) {
        out.append((byte) c);
      } else {
        int end = j + 1;
        while (end < n && s.charAt(end) >= 0x80) {
          end++;
        }
        out.append(s.substring(j, end));
        j = end - 1;
      }
    }
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
