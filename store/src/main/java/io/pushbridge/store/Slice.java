package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.TextRenderer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One family of one group as memory holds it: no object per series. The sample lines are rendered
 * once at push time for scrapes; the series hashes (sorted) serve the duplicate check; the encoded
 * form is what RocksDB stores and what {@link #decode()} reads for exact comparisons and non-text
 * expositions. Keeping the encoded bytes in memory costs about as much again as the rendered lines
 * (labels spelled out per series) but lets snapshots decode without touching RocksDB, so a
 * snapshot never sees a later write.
 */
final class Slice {
  final String name;
  final MetricType type;
  final String help;
  final long receiveTimeNanos;
  final int seriesCount;
  final byte[] rendered;
  final byte[] encoded;
  final long[] sortedHashes;

  private Slice(MetricFamily family, long receiveTimeNanos, byte[] encoded, long[] hashes) {
    this.name = family.name();
    this.type = family.type();
    this.help = family.help();
    this.receiveTimeNanos = receiveTimeNanos;
    this.seriesCount = family.metrics().size();
    ByteArrayBuilder out = new ByteArrayBuilder(64 * Math.max(1, seriesCount));
    for (Metric metric : family.metrics()) {
      TextRenderer.renderSeries(family.name(), metric, out);
    }
    this.rendered = out.toByteArray();
    this.encoded = encoded;
    long[] sorted = hashes.clone();
    Arrays.sort(sorted);
    this.sortedHashes = sorted;
  }

  /** A family ready for checks: metrics in upstream's series order, one hash per metric. */
  static final class Prepared {
    private final MetricFamily family;
    private final long[] hashes;
    private final Slice slice;

    private Prepared(MetricFamily family, long[] hashes, long receiveTimeNanos) {
      this.family = family;
      this.hashes = hashes;
      this.slice =
          new Slice(family, receiveTimeNanos, FamilyCodec.encode(family, receiveTimeNanos), hashes);
    }

    MetricFamily family() {
      return family;
    }

    /** One per metric, in the family's metric order; not to be changed. */
    long[] hashes() {
      return hashes;
    }

    static Prepared of(MetricFamily family, long receiveTimeNanos) {
      List<Metric> metrics = new ArrayList<>(family.metrics());
      metrics.sort(TextRenderer.SERIES_ORDER);
      MetricFamily sorted = family.withMetrics(metrics);
      return new Prepared(sorted, seriesHashes(sorted), receiveTimeNanos);
    }

    Slice toSlice() {
      return slice;
    }
  }

  /** A slice from its stored bytes, which hold the metrics already in series order. */
  static Slice fromEncoded(byte[] encoded) {
    StoredFamily stored = FamilyCodec.decode(encoded);
    return new Slice(stored.family(), stored.receiveTimeNanos(), encoded, seriesHashes(stored.family()));
  }

  StoredFamily decode() {
    return FamilyCodec.decode(encoded);
  }

  private static long[] seriesHashes(MetricFamily family) {
    List<Metric> metrics = family.metrics();
    long[] hashes = new long[metrics.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = SeriesHash.of(family.name(), metrics.get(i).labels());
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
