package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One group, immutable: its push and failure times and its families by name, the two synthetic
 * families ({@code push_time_seconds}, {@code push_failure_time_seconds}) included. Stored as
 * format version, both times and the pushed families' encodings; the synthetic ones are derived
 * from the times and never stored.
 */
final class GroupState {
  static final byte FORMAT_VERSION = 1;
  static final String PUSH_TIME = "push_time_seconds";
  static final String FAILURE_TIME = "push_failure_time_seconds";
  static final String PUSH_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway succeeded.";
  static final String FAILURE_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway failed.";

  final GroupingKey key;
  final long pushTimeNanos;
  final long failureTimeNanos;
  /** By name in byte order; unmodifiable. */
  final SortedMap<String, Slice> families;

  private GroupState(
      GroupingKey key, long pushTimeNanos, long failureTimeNanos, SortedMap<String, Slice> families) {
    this.key = key;
    this.pushTimeNanos = pushTimeNanos;
    this.failureTimeNanos = failureTimeNanos;
    this.families = Collections.unmodifiableSortedMap(families);
  }

  /** A group with these pushed families (keyed by name) and times; synthetic families added. */
  static GroupState of(
      GroupingKey key, long pushTimeNanos, long failureTimeNanos, SortedMap<String, Slice> pushed) {
    TreeMap<String, Slice> all = new TreeMap<>(Utf8Order.COMPARATOR);
    all.putAll(pushed);
    all.put(PUSH_TIME, synthetic(key, PUSH_TIME, PUSH_TIME_HELP, pushTimeNanos));
    all.put(FAILURE_TIME, synthetic(key, FAILURE_TIME, FAILURE_TIME_HELP, failureTimeNanos));
    return new GroupState(key, pushTimeNanos, failureTimeNanos, all);
  }

  /** The pushed families only, in a fresh map the caller may change. */
  SortedMap<String, Slice> pushedFamilies() {
    TreeMap<String, Slice> pushed = new TreeMap<>(Utf8Order.COMPARATOR);
    pushed.putAll(families);
    pushed.remove(PUSH_TIME);
    pushed.remove(FAILURE_TIME);
    return pushed;
  }

  static boolean isSynthetic(String familyName) {
    return familyName.equals(PUSH_TIME) || familyName.equals(FAILURE_TIME);
  }

  /** The synthetic family of a group: one gauge series with the grouping labels (spec §6). */
  static Slice.Prepared syntheticPrepared(GroupingKey key, String name, String help, long nanos) {
    Labels labels = key.labels();
    if (!labels.contains("instance")) {
      labels = labels.with("instance", "");
    }
    MetricFamily family =
        new MetricFamily(
            name, help, MetricType.GAUGE, List.of(new Metric.Scalar(labels, seconds(nanos))));
    return Slice.Prepared.of(family, nanos);
  }

  private static Slice synthetic(GroupingKey key, String name, String help, long nanos) {
    return syntheticPrepared(key, name, help, nanos).toSlice();
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  long seriesCount() {
    long n = 0;
    for (Slice s : families.values()) {
      n += s.seriesCount;
    }
    return n;
  }

  byte[] encode() {
    int size = 32;
    for (Slice s : families.values()) {
      size += s.encoded.length + 5;
    }
    ByteArrayBuilder out = new ByteArrayBuilder(size);
    out.append(FORMAT_VERSION);
    FamilyCodec.writeLong(out, pushTimeNanos);
    FamilyCodec.writeLong(out, failureTimeNanos);
    FamilyCodec.writeVarint(out, families.size() - 2);
    for (Slice s : families.values()) {
      if (!isSynthetic(s.name)) {
        FamilyCodec.writeVarint(out, s.encoded.length);
        out.append(s.encoded);
      }
    }
    return out.toByteArray();
  }

  /**
   * Reads back {@link #encode()}.
   *
   * @throws NewerFormatException when the record was written by a newer version
   * @throws IllegalArgumentException when the bytes are not a stored group
   */
  static GroupState decode(GroupingKey key, byte[] value) {
    FamilyCodec.Reader in = new FamilyCodec.Reader(value);
    int version = in.u8();
    if (version > FORMAT_VERSION) {
      throw new NewerFormatException(version);
    }
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unknown record format " + version);
    }
    long push = in.i64();
    long failure = in.i64();
    int n = in.count();
    TreeMap<String, Slice> pushed = new TreeMap<>(Utf8Order.COMPARATOR);
    List<Slice> slices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slices.add(Slice.fromEncoded(in.bytes()));
    }
    in.expectEnd();
    for (Slice s : slices) {
      if (isSynthetic(s.name) || pushed.put(s.name, s) != null) {
        throw new IllegalArgumentException("family " + s.name + " stored twice");
      }
    }
    return of(key, push, failure, pushed);
  }

  /** A stored record written by a later format than this version reads. */
  static final class NewerFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(int version) {
      super("record format " + version + " is newer than the supported " + FORMAT_VERSION);
    }
  }
}
