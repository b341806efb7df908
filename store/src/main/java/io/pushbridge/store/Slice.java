package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.TextRenderer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One family of one group as memory holds it: no object per series. The sample lines, rendered
 * once at push time and kept front-coded ({@link FrontCodedLines}), are what scrapes stream and,
 * for counters, gauges and untyped families, also the exact stored form: {@link #decode()} reads
 * them back ({@link ScalarLineParser}). Only families whose text is not an
 * exact image of what was pushed (summaries and histograms, whose counts are written as float64
 * and whose missing {@code +Inf} bucket is added; {@code -0} and NaN payloads, written as {@code
 * 0} and {@code NaN}) also keep the binary encoding. The series hashes (sorted) serve the
 * duplicate check.
 *
 * <p>RocksDB stores the same fields ({@link #writeTo}), so a restart copies bytes instead of
 * decoding, rendering and hashing every series again.
 */
final class Slice {
  final String name;
  final MetricType type;
  final String help;
  final long receiveTimeNanos;
  final int seriesCount;
  /** The sample lines, front-coded. */
  final byte[] lines;
  final long[] sortedHashes;
  /** {@link FamilyCodec}'s encoding when the text is not exact, else null. */
  private final byte[] exact;

  private Slice(
      String name,
      MetricType type,
      String help,
      long receiveTimeNanos,
      int seriesCount,
      byte[] lines,
      long[] sortedHashes,
      byte[] exact) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.receiveTimeNanos = receiveTimeNanos;
    this.seriesCount = seriesCount;
    this.lines = lines;
    this.sortedHashes = sortedHashes;
    this.exact = exact;
  }

  private static final int SCRATCH_SIZE = 16 << 10;

  /**
   * Where each thread renders before front-coding: the full text is garbage at once, so it is not
   * allocated per push. A buffer grown by a huge push is dropped rather than kept.
   */
  private static final ThreadLocal<ByteArrayBuilder> SCRATCH =
      ThreadLocal.withInitial(() -> new ByteArrayBuilder(SCRATCH_SIZE));

  /** Where each thread front-codes, copying out only the result. */
  private static final ThreadLocal<ByteArrayBuilder> CODED_SCRATCH =
      ThreadLocal.withInitial(() -> new ByteArrayBuilder(SCRATCH_SIZE));

  private static Slice of(MetricFamily family, long receiveTimeNanos, long[] hashes) {
    ByteArrayBuilder text = SCRATCH.get();
    text.reset();
    TextRenderer.SeriesWriter writer = new TextRenderer.SeriesWriter(family.name(), text);
    for (Metric metric : family.metrics()) {
      writer.write(metric);
    }
    ByteArrayBuilder coded = CODED_SCRATCH.get();
    byte[] lines = FrontCodedLines.encode(text.array(), text.size(), coded);
    if (text.array().length > 64 * SCRATCH_SIZE) {
      SCRATCH.remove();
    }
    if (coded.array().length > 64 * SCRATCH_SIZE) {
      CODED_SCRATCH.remove();
    }
    long[] sorted = hashes.clone();
    Arrays.sort(sorted);
    return new Slice(
        family.name(),
        family.type(),
        family.help(),
        receiveTimeNanos,
        family.metrics().size(),
        lines,
        sorted,
        textIsExact(family) ? null : FamilyCodec.encode(family, receiveTimeNanos));
  }

  /**
   * Whether parsing the rendered lines gives back {@code family} exactly: true for scalar
   * families unless a value is {@code -0} or a NaN other than Java's canonical one.
   */
  private static boolean textIsExact(MetricFamily family) {
    for (Metric m : family.metrics()) {
      if (!(m instanceof Metric.Scalar s)) {
        return false;
      }
      long bits = Double.doubleToRawLongBits(s.value());
      if (bits == Long.MIN_VALUE || (Double.isNaN(s.value()) && bits != 0x7ff8000000000000L)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A gauge of one scalar series whose text is exact, such as a synthetic family: rendered
   * straight to its one line and hash.
   */
  static Slice ofGauge(String name, String help, long receiveTimeNanos, Labels labels, double value) {
    ByteArrayBuilder text = SCRATCH.get();
    text.reset();
    TextRenderer.renderSeries(name, new Metric.Scalar(labels, value), text);
    return new Slice(
        name,
        MetricType.GAUGE,
        help,
        receiveTimeNanos,
        1,
        FrontCodedLines.encodeLine(text.array(), text.size()),
        new long[] {SeriesHash.of(name, labels)},
        null);
  }

  /** {@link #ofGauge}'s slice again from its stored line (front-coded) and hash. */
  static Slice storedGauge(String name, String help, long receiveTimeNanos, byte[] lines, long hash) {
    return new Slice(name, MetricType.GAUGE, help, receiveTimeNanos, 1, lines, new long[] {hash}, null);
  }

  /** A family ready for checks: metrics in upstream's series order, one hash per metric. */
  static final class Prepared {
    private final MetricFamily family;
    private final long[] hashes;
    private final Slice slice;

    private Prepared(MetricFamily family, long[] hashes, long receiveTimeNanos) {
      this.family = family;
      this.hashes = hashes;
      this.slice = Slice.of(family, receiveTimeNanos, hashes);
    }

    MetricFamily family() {
      return family;
    }

    /** One per metric, in the family's metric order; not to be changed. */
    long[] hashes() {
      return hashes;
    }

    static Prepared of(MetricFamily family, long receiveTimeNanos) {
      MetricFamily sorted = family;
      if (!inSeriesOrder(family.metrics())) {
        List<Metric> metrics = new ArrayList<>(family.metrics());
        metrics.sort(TextRenderer.SERIES_ORDER);
        sorted = family.withMetrics(metrics);
      }
      return new Prepared(sorted, seriesHashes(sorted), receiveTimeNanos);
    }

    /** Bodies rendered by client libraries come sorted; those need no copy. */
    private static boolean inSeriesOrder(List<Metric> metrics) {
      for (int i = 1; i < metrics.size(); i++) {
        if (TextRenderer.SERIES_ORDER.compare(metrics.get(i - 1), metrics.get(i)) > 0) {
          return false;
        }
      }
      return true;
    }

    Slice toSlice() {
      return slice;
    }
  }

  /** A slice from store format 1, {@link FamilyCodec}'s bytes, metrics already in series order. */
  static Slice fromEncoded(byte[] encoded) {
    StoredFamily stored = FamilyCodec.decode(encoded);
    return of(stored.family(), stored.receiveTimeNanos(), seriesHashes(stored.family()));
  }

  /** The family as pushed (sanitised, in series order). */
  StoredFamily decode() {
    if (exact != null) {
      return FamilyCodec.decode(exact);
    }
    ByteArrayBuilder text = new ByteArrayBuilder(4 * lines.length + 16);
    writeText(text);
    List<Metric> metrics;
    try {
      metrics = ScalarLineParser.parse(name, text.array(), text.size(), seriesCount);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the stored lines of " + name + " do not parse back", e);
    }
    if (metrics.size() != seriesCount) {
      throw new IllegalStateException("the stored lines of " + name + " do not parse back");
    }
    return new StoredFamily(new MetricFamily(name, help, type, metrics), receiveTimeNanos);
  }

  /**
   * This slice with these equal name, help and hash instances, so that a store holds each name and
   * help once rather than once per push, and a group pushing the same series again keeps its
   * stored hashes (the new array then dies young instead of being copied into the old generation).
   */
  @SuppressWarnings("ReferenceEquality") // the instances are the point, not their contents
  Slice sharing(String sameName, String sameHelp, long[] sameHashes) {
    if (sameName == name && sameHelp == help && sameHashes == sortedHashes) {
      return this;
    }
    return new Slice(
        sameName, type, sameHelp, receiveTimeNanos, seriesCount, lines, sameHashes, exact);
  }

  /** Appends the sample lines. */
  void writeText(ByteArrayBuilder out) {
    FrontCodedLines.expand(lines, out);
  }

  /**
   * The stored form (store format 2): name, type code, flags (1: help, 2: exact encoding), help,
   * receive time, series count, the sorted hashes, the front-coded lines, the exact encoding.
   */
  void writeTo(ByteArrayBuilder out) {
    FamilyCodec.writeString(out, name);
    out.append((byte) FamilyCodec.typeCode(type));
    out.append((byte) ((help != null ? 1 : 0) | (exact != null ? 2 : 0)));
    if (help != null) {
      FamilyCodec.writeString(out, help);
    }
    FamilyCodec.writeLong(out, receiveTimeNanos);
    FamilyCodec.writeVarint(out, seriesCount);
    for (long h : sortedHashes) {
      FamilyCodec.writeLong(out, h);
    }
    FamilyCodec.writeVarint(out, lines.length);
    out.append(lines);
    if (exact != null) {
      FamilyCodec.writeVarint(out, exact.length);
      out.append(exact);
    }
  }

  /**
   * Reads back {@link #writeTo}, names and helps through {@code strings} so that equal ones are
   * held once (and read without a new String each).
   *
   * @throws IllegalArgumentException when malformed
   */
  static Slice readFrom(FamilyCodec.Reader in, StringPool strings) {
    String name = in.string(strings);
    MetricType type = FamilyCodec.typeOf(in.u8(), name);
    int flags = in.u8();
    if ((flags & ~3) != 0) {
      throw new IllegalArgumentException("unknown flags " + flags + " in " + name);
    }
    String help = (flags & 1) != 0 ? in.string(strings) : null;
    long receive = in.i64();
    int count = in.count();
    long[] hashes = new long[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = in.i64();
    }
    byte[] lines = in.bytes();
    FrontCodedLines.validate(lines);
    byte[] exact = (flags & 2) != 0 ? in.bytes() : null;
    return new Slice(name, type, help, receive, count, lines, hashes, exact);
  }

  private static long[] seriesHashes(MetricFamily family) {
    List<Metric> metrics = family.metrics();
    long[] hashes = new long[metrics.size()];
    SeriesHash.OfFamily hash = new SeriesHash.OfFamily(family.name());
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = hash.of(metrics.get(i).labels());
    }
    return hashes;
  }

  /** How often {@code hash} occurs among this slice's series. */
  int occurrences(long hash) {
    int i = Arrays.binarySearch(sortedHashes, hash);
    if (i < 0) {
      return 0;
    }
    int lo = i;
    while (lo > 0 && sortedHashes[lo - 1] == hash) {
      lo--;
    }
    int hi = i;
    while (hi + 1 < sortedHashes.length && sortedHashes[hi + 1] == hash) {
      hi++;
    }
    return hi - lo + 1;
  }
}
