package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.NativeHistogram;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact binary form of one family: store format 1's family record, and what a {@link Slice}
 * keeps of families whose text lines are not an exact image of them. Compact, self-delimiting,
 * decoded only for checks' exact comparisons, the JSON API and non-text expositions.
 *
 * <p>Layout: name, type ordinal, flags (1: help, 2: native buckets) and help, receive time, series
 * count, then per series its labels (count, then name and value) and its value by type; with flag
 * 2, a histogram's value ends with its native buckets' protobuf fields as bytes (none: empty).
 * Strings are a varint byte length and UTF-8; counts are unsigned varints; doubles and times are 8
 * bytes big-endian. Summary and histogram counts are the unsigned 64-bit values as stored.
 */
final class FamilyCodec {
  private FamilyCodec() {}

  private static final int HELP = 1;
  private static final int NATIVE_BUCKETS = 2;
  private static final byte[] NONE = new byte[0];

  /** The stored code of a type: protobuf's {@code MetricType} numbers, fixed forever. */
  static int typeCode(MetricType type) {
    return switch (type) {
      case COUNTER -> 0;
      case GAUGE -> 1;
      case SUMMARY -> 2;
      case UNTYPED -> 3;
      case HISTOGRAM -> 4;
    };
  }

  static MetricType typeOf(int code, String family) {
    return switch (code) {
      case 0 -> MetricType.COUNTER;
      case 1 -> MetricType.GAUGE;
      case 2 -> MetricType.SUMMARY;
      case 3 -> MetricType.UNTYPED;
      case 4 -> MetricType.HISTOGRAM;
      default -> throw new IllegalArgumentException("unknown metric type " + code + " in " + family);
    };
  }

  static byte[] encode(MetricFamily family, long receiveTimeNanos) {
    ByteArrayBuilder out = new ByteArrayBuilder(64 + 48 * family.metrics().size());
    writeString(out, family.name());
    out.append((byte) typeCode(family.type()));
    boolean natives = hasNativeBuckets(family);
    out.append((byte) ((family.hasHelp() ? HELP : 0) | (natives ? NATIVE_BUCKETS : 0)));
    if (family.hasHelp()) {
      writeString(out, family.help());
    }
    writeLong(out, receiveTimeNanos);
    writeVarint(out, family.metrics().size());
    for (Metric metric : family.metrics()) {
      Labels labels = metric.labels();
      writeVarint(out, labels.size());
      for (int i = 0; i < labels.size(); i++) {
        writeString(out, labels.name(i));
        writeString(out, labels.value(i));
      }
      if (metric instanceof Metric.Scalar scalar) {
        writeDouble(out, scalar.value());
      } else if (metric instanceof Metric.Summary summary) {
        writeLong(out, summary.count());
        writeDouble(out, summary.sum());
        writeVarint(out, summary.quantiles().size());
        for (Metric.Quantile q : summary.quantiles()) {
          writeDouble(out, q.quantile());
          writeDouble(out, q.value());
        }
      } else if (metric instanceof Metric.Histogram histogram) {
        writeLong(out, histogram.count());
        writeDouble(out, histogram.sum());
        writeVarint(out, histogram.buckets().size());
        for (Metric.Bucket b : histogram.buckets()) {
          writeDouble(out, b.upperBound());
          writeLong(out, b.cumulativeCount());
        }
        if (natives) {
          NativeHistogram fields = histogram.nativeHistogram();
          writeVarint(out, fields == null ? 0 : fields.size());
          if (fields != null) {
            fields.writeTo(out);
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static boolean hasNativeBuckets(MetricFamily family) {
    for (Metric m : family.metrics()) {
      if (m instanceof Metric.Histogram h && h.nativeHistogram() != null) {
        return true;
      }
    }
    return false;
  }

  /** @throws IllegalArgumentException when the bytes are not an encoded family */
  static StoredFamily decode(byte[] bytes) {
    Reader in = new Reader(bytes);
    String name = in.string();
    MetricType type = typeOf(in.u8(), name);
    int flags = in.u8();
    if ((flags & ~(HELP | NATIVE_BUCKETS)) != 0) {
      throw new IllegalArgumentException("unknown flags " + flags + " in " + name);
    }
    String help = (flags & HELP) != 0 ? in.string() : null;
    long receive = in.i64();
    int count = in.count();
    List<Metric> metrics = new ArrayList<>(count);
    for (int m = 0; m < count; m++) {
      Labels labels = in.labels();
      switch (type) {
        case SUMMARY -> {
          long c = in.i64();
          double sum = in.f64();
          int n = in.count();
          List<Metric.Quantile> qs = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            qs.add(new Metric.Quantile(in.f64(), in.f64()));
          }
          metrics.add(new Metric.Summary(labels, c, sum, qs, Metric.NO_TIMESTAMP));
        }
        case HISTOGRAM -> {
          long c = in.i64();
          double sum = in.f64();
          int n = in.count();
          List<Metric.Bucket> bs = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            bs.add(new Metric.Bucket(in.f64(), in.i64()));
          }
          byte[] fields = (flags & NATIVE_BUCKETS) != 0 ? in.bytes() : NONE;
          metrics.add(new Metric.Histogram(labels, c, sum, bs, Metric.NO_TIMESTAMP,
              fields.length == 0 ? null : NativeHistogram.ofWireFields(fields)));
        }
        default -> metrics.add(new Metric.Scalar(labels, in.f64()));
      }
    }
    in.expectEnd();
    return new StoredFamily(new MetricFamily(name, help, type, metrics), receive);
  }

  static void writeVarint(ByteArrayBuilder out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.append((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.append((byte) v);
  }

  static void writeLong(ByteArrayBuilder out, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.append((byte) (v >>> shift));
    }
  }

  private static void writeDouble(ByteArrayBuilder out, double v) {
    writeLong(out, Double.doubleToRawLongBits(v));
  }

  static void writeString(ByteArrayBuilder out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(out, b.length);
    out.append(b);
  }

  /** Bounds-checked reading; every malformation is an IllegalArgumentException. */
  static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf) {
      this(buf, buf.length);
    }

    /** Reads the first {@code length} bytes of {@code buf}, a buffer reused from record to record. */
    Reader(byte[] buf, int length) {
      this.buf = buf;
      this.end = length;
    }

    int u8() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long at " + pos);
    }

    /** A length or count: must fit in what is left of the buffer. */
    int count() {
      long v = varint();
      if (v < 0 || v > end - pos) {
        throw new IllegalArgumentException("count " + v + " exceeds the record at " + pos);
      }
      return (int) v;
    }

    long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (buf[pos++] & 0xFF);
      }
      return v;
    }

    double f64() {
      return Double.longBitsToDouble(i64());
    }

    String string() {
      int n = count();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    /** As {@link #string()}, through {@code pool}: no new String for bytes it has seen. */
    String string(StringPool pool) {
      int n = count();
      String s = pool.decode(buf, pos, n);
      pos += n;
      return s;
    }

    byte[] bytes() {
      int n = count();
      byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    Labels labels() {
      int n = count();
      String[] names = new String[n];
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        names[i] = string();
        values[i] = string();
      }
      return Labels.ofSorted(names, values);
    }

    boolean atEnd() {
      return pos == end;
    }

    /** Skips {@code n} bytes; the last one skipped, or -1 when {@code n} is 0. */
    int skip(int n) {
      need(n);
      pos += n;
      return n == 0 ? -1 : buf[pos - 1] & 0xFF;
    }

    void expectEnd() {
      if (pos != end) {
        throw new IllegalArgumentException((end - pos) + " trailing bytes");
      }
    }

    private void need(int n) {
      if (end - pos < n) {
        throw new IllegalArgumentException("record truncated at " + pos);
      }
    }
  }
}
