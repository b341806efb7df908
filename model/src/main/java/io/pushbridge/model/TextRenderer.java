package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
  @SuppressWarnings("ReferenceEquality") // a parsed body's repeated values are one instance
  static int compareUtf8(String a, String b) {
    if (a == b) {
      return 0;
    }
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
    new SeriesWriter(familyName, out, false).write(metric);
  }

  /**
   * Writes the series of one family into one buffer, as {@link #renderSeries} does each. The name
   * is encoded once, and a label name or value that is the same instance as the one at its
   * position in the series before is copied from where that series put it: a push's grouping
   * labels, and the values a parsed body repeats, are encoded once per family, not per series.
   */
  public static final class SeriesWriter {
    private final byte[] name;
    private final ByteArrayBuilder out;
    /** Per label position: the last name and value written there, and where their bytes start. */
    private String[] names;
    private String[] values;
    private int[] nameAt;
    private int[] valueAt;
    /**
     * The label list written last: where its brace is, how many labels it has, and where each
     * label ends (after its closing quote). Leading labels that the next series has too (the
     * same instances) are copied from it in one piece.
     */
    private int listAt;
    private int listCount;
    private int[] endAt;

    /** A writer that appends to {@code out}, which nothing else may reset or shorten meanwhile. */
    public SeriesWriter(String familyName, ByteArrayBuilder out) {
      this(familyName, out, true);
    }

    private SeriesWriter(String familyName, ByteArrayBuilder out, boolean reuse) {
      this.name = familyName.getBytes(StandardCharsets.UTF_8);
      this.out = out;
      if (reuse) {
        names = new String[0];
        values = names;
        nameAt = new int[0];
        valueAt = nameAt;
        endAt = nameAt;
      }
    }

    /** The sample lines of {@code metric} (see {@link #renderSeries}), appended to the buffer. */
    public void write(Metric metric) {
      LabelBlock labels = new LabelBlock(metric.labels(), this);
      if (metric instanceof Metric.Scalar scalar) {
        out.append(name);
        labels.close(out);
        endSample(scalar.value(), out);
      } else if (metric instanceof Metric.Summary summary) {
        for (Metric.Quantile q : summary.quantiles()) {
          out.append(name);
          labels.open(out);
          out.append(QUANTILE_LABEL);
          GoFloat.append(q.quantile(), out);
          out.append((byte) '"').append((byte) '}');
          endSample(q.value(), out);
        }
        out.append(name).append(SUM);
        labels.close(out);
        endSample(summary.sum(), out);
        out.append(name).append(COUNT);
        labels.close(out);
        endCount(summary.count(), out);
      } else if (metric instanceof Metric.Histogram histogram) {
        boolean infSeen = false;
        for (Metric.Bucket b : histogram.buckets()) {
          out.append(name).append(BUCKET);
          labels.open(out);
          out.append(LE_LABEL);
          GoFloat.append(b.upperBound(), out);
          out.append((byte) '"').append((byte) '}');
          endCount(b.cumulativeCount(), out);
          infSeen |= b.upperBound() == Double.POSITIVE_INFINITY;
        }
        if (!infSeen) {
          out.append(name).append(BUCKET);
          labels.open(out);
          out.append(INF_BUCKET_LABEL);
          endCount(histogram.count(), out);
        }
        out.append(name).append(SUM);
        labels.close(out);
        endSample(histogram.sum(), out);
        out.append(name).append(COUNT);
        labels.close(out);
        endCount(histogram.count(), out);
      }
    }

    /** The label list of {@code labels}, braced, without its closing brace. */
    @SuppressWarnings("ReferenceEquality") // the same instances are what allow the copies
    private void appendLabels(Labels labels) {
      if (names == null) {
        char separator = '{';
        for (int i = 0; i < labels.size(); i++) {
          out.append(separator).append(labels.name(i).getBytes(StandardCharsets.UTF_8));
          out.append((byte) '=').append((byte) '"');
          appendEscaped(labels.value(i), true, out);
          out.append((byte) '"');
          separator = ',';
        }
        return;
      }
      int n = labels.size();
      if (names.length < n) {
        names = Arrays.copyOf(names, n);
        values = Arrays.copyOf(values, n);
        nameAt = Arrays.copyOf(nameAt, n);
        valueAt = Arrays.copyOf(valueAt, n);
        endAt = Arrays.copyOf(endAt, n);
      }
      int same = 0;
      int max = Math.min(n, listCount);
      while (same < max && labels.name(same) == names[same] && labels.value(same) == values[same]) {
        same++;
      }
      int start = out.size();
      if (same > 0) {
        int shift = start - listAt;
        copyBack(listAt, endAt[same - 1] - listAt);
        for (int i = 0; i < same; i++) {
          endAt[i] += shift;
        }
      }
      listAt = start;
      listCount = n;
      char separator = same == 0 ? '{' : ',';
      for (int i = same; i < n; i++) {
        out.append(separator);
        String labelName = labels.name(i);
        if (labelName == names[i]) {
          copyBack(nameAt[i], labelName.length());
        } else {
          int at = out.size();
          boolean plain = appendPlain(labelName, false);
          names[i] = plain ? labelName : null;
          nameAt[i] = at;
        }
        out.append((byte) '=').append((byte) '"');
        String value = labels.value(i);
        if (value == values[i]) {
          copyBack(valueAt[i], value.length());
        } else {
          int at = out.size();
          boolean plain = appendPlain(value, true);
          values[i] = plain ? value : null;
          valueAt[i] = at;
        }
        out.append((byte) '"');
        endAt[i] = out.size();
        separator = ',';
      }
    }

    /** Appends the {@code length} bytes written from {@code start} again. */
    private void copyBack(int start, int length) {
      // The argument is read before append may grow the buffer; the old array keeps the bytes.
      out.append(out.array(), start, length);
    }

    /**
     * Appends {@code s} escaped; true when it was ASCII with nothing to escape, so that its bytes
     * are as many as its chars: only those are copied later.
     */
    private boolean appendPlain(String s, boolean quote) {
      if (out.appendPlainAscii(s, quote)) {
        return true;
      }
      appendEscaped(s, quote, out);
      return false;
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

  /**
   * The label part of a series' lines. A summary or histogram repeats it on every line, so it is
   * encoded once (the braced label list without its closing brace), and later lines copy those
   * bytes from where the first line put them in the output. {@code close} ends it with a brace,
   * {@code open} with a comma for the quantile or le label that upstream appends last.
   */
  private static final class LabelBlock {
    private final Labels labels;
    private final SeriesWriter writer;
    private int start = -1;
    private int length;

    LabelBlock(Labels labels, SeriesWriter writer) {
      this.labels = labels;
      this.writer = writer;
    }

    void open(ByteArrayBuilder out) {
      if (labels.isEmpty()) {
        out.append((byte) '{');
      } else {
        content(out);
        out.append((byte) ',');
      }
    }

    void close(ByteArrayBuilder out) {
      if (!labels.isEmpty()) {
        content(out);
        out.append((byte) '}');
      }
    }

    private void content(ByteArrayBuilder out) {
      if (start >= 0) {
        // The argument is read before append may grow the buffer; the old array keeps the bytes.
        out.append(out.array(), start, length);
        return;
      }
      start = out.size();
      writer.appendLabels(labels);
      length = out.size() - start;
    }
  }

  /**
   * Backslash and newline escaped, and the double quote too inside label values. Encoding first
   * and scanning bytes is the fast way through: {@code getBytes} copies an ASCII string with one
   * vectorised check, and almost no value needs escaping.
   */
  static void appendEscaped(String s, boolean quote, ByteArrayBuilder out) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (c == '\\' || c == '\n' || (quote && c == '"')) {
        appendEscapedFrom(b, i, quote, out);
        return;
      }
    }
    out.append(b);
  }

  private static void appendEscapedFrom(byte[] b, int first, boolean quote, ByteArrayBuilder out) {
    out.append(b, 0, first);
    for (int i = first; i < b.length; i++) {
      byte c = b[i];
      if (c == '\\') {
        out.append((byte) '\\').append((byte) '\\');
      } else if (c == '\n') {
        out.append((byte) '\\').append((byte) 'n');
      } else if (quote && c == '"') {
        out.append((byte) '\\').append((byte) '"');
      } else {
        out.append(c);
      }
    }
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }
}
