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
 * One group, immutable: its push and failure times, its deadline (beyond upstream: 0 for none) and
 * its families by name, the synthetic families ({@code push_time_seconds}, {@code
 * push_failure_time_seconds}, and {@code push_expiry_time_seconds} for a group with a deadline)
 * included. Stored as format version, the times and the pushed families' encodings; the synthetic
 * ones are derived from the times and never stored. A group without a deadline is stored in format
 * 1, byte for byte as before deadlines existed; format 2 adds the deadline after the failure time.
 */
final class GroupState {
  static final byte FORMAT_VERSION = 2;
  private static final byte FORMAT_WITHOUT_DEADLINE = 1;
  static final String PUSH_TIME = "push_time_seconds";
  static final String FAILURE_TIME = "push_failure_time_seconds";
  static final String PUSH_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway succeeded.";
  static final String FAILURE_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway failed.";
  static final String EXPIRY_TIME = "push_expiry_time_seconds";
  static final String EXPIRY_TIME_HELP =
      "Unix time at which Pushbridge deletes this group unless it is pushed again (TTL).";

  final GroupingKey key;
  final long pushTimeNanos;
  final long failureTimeNanos;
  /** Unix nanoseconds at which the group expires; 0: never. */
  final long expiryNanos;
  /** By name in byte order; unmodifiable. */
  final SortedMap<String, Slice> families;

  private GroupState(
      GroupingKey key,
      long pushTimeNanos,
      long failureTimeNanos,
      long expiryNanos,
      SortedMap<String, Slice> families) {
    this.key = key;
    this.pushTimeNanos = pushTimeNanos;
    this.failureTimeNanos = failureTimeNanos;
    this.expiryNanos = expiryNanos;
    this.families = Collections.unmodifiableSortedMap(families);
  }

  /** A group with these pushed families (keyed by name) and times; synthetic families added. */
  static GroupState of(
      GroupingKey key, long pushTimeNanos, long failureTimeNanos, SortedMap<String, Slice> pushed) {
    return of(key, pushTimeNanos, failureTimeNanos, 0, pushed);
  }

  /**
   * As {@link #of(GroupingKey, long, long, SortedMap)} with a deadline (0: none); the deadline's
   * gauge replaces a pushed family of the same name.
   */
  static GroupState of(
      GroupingKey key,
      long pushTimeNanos,
      long failureTimeNanos,
      long expiryNanos,
      SortedMap<String, Slice> pushed) {
    TreeMap<String, Slice> all = new TreeMap<>(Utf8Order.COMPARATOR);
    all.putAll(pushed);
    all.put(PUSH_TIME, synthetic(key, PUSH_TIME, PUSH_TIME_HELP, pushTimeNanos));
    all.put(FAILURE_TIME, synthetic(key, FAILURE_TIME, FAILURE_TIME_HELP, failureTimeNanos));
    if (expiryNanos != 0) {
      all.put(EXPIRY_TIME, synthetic(key, EXPIRY_TIME, EXPIRY_TIME_HELP, expiryNanos));
    }
    return new GroupState(key, pushTimeNanos, failureTimeNanos, expiryNanos, all);
  }

  /** The pushed families only, in a fresh map the caller may change. */
  SortedMap<String, Slice> pushedFamilies() {
    TreeMap<String, Slice> pushed = new TreeMap<>(Utf8Order.COMPARATOR);
    pushed.putAll(families);
    pushed.remove(PUSH_TIME);
    pushed.remove(FAILURE_TIME);
    if (expiryNanos != 0) {
      pushed.remove(EXPIRY_TIME);
    }
    return pushed;
  }

  /** Whether this group derives family {@code name} from its times rather than storing it. */
  private boolean derives(String name) {
    return isSynthetic(name) || (expiryNanos != 0 && name.equals(EXPIRY_TIME));
  }

  /** The synthetic families this group holds, one series each. */
  int syntheticCount() {
    return expiryNanos != 0 ? 3 : 2;
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
    out.append(expiryNanos == 0 ? FORMAT_WITHOUT_DEADLINE : FORMAT_VERSION);
    FamilyCodec.writeLong(out, pushTimeNanos);
    FamilyCodec.writeLong(out, failureTimeNanos);
    if (expiryNanos != 0) {
      FamilyCodec.writeLong(out, expiryNanos);
    }
    FamilyCodec.writeVarint(out, families.size() - syntheticCount());
    for (Slice s : families.values()) {
      if (!derives(s.name)) {
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
    if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_DEADLINE) {
      throw new IllegalArgumentException("unknown record format " + version);
    }
    long push = in.i64();
    long failure = in.i64();
    long expiry = version == FORMAT_VERSION ? in.i64() : 0;
    if (version == FORMAT_VERSION && expiry == 0) {
      throw new IllegalArgumentException("format " + version + " record without a deadline");
    }
    int n = in.count();
    TreeMap<String, Slice> pushed = new TreeMap<>(Utf8Order.COMPARATOR);
    List<Slice> slices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slices.add(Slice.fromEncoded(in.bytes()));
    }
    in.expectEnd();
    for (Slice s : slices) {
      if (isSynthetic(s.name)
          || (expiry != 0 && s.name.equals(EXPIRY_TIME))
          || pushed.put(s.name, s) != null) {
        throw new IllegalArgumentException("family " + s.name + " stored twice");
      }
    }
    return of(key, push, failure, expiry, pushed);
  }

  /** A stored record written by a later format than this version reads. */
  static final class NewerFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(int version) {
      super("record format " + version + " is newer than the supported " + FORMAT_VERSION);
    }
  }
}
