package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One group, immutable: its push and failure times, its deadline (beyond upstream: 0 for none) and
 * its families sorted by name, the synthetic families ({@code push_time_seconds}, {@code
 * push_failure_time_seconds}, and {@code push_expiry_time_seconds} for a group with a deadline)
 * included. An array, not a map: a store holds one of these per group.
 *
 * <p>Stored as format version, the times, the pushed families ({@link Slice#writeTo}) by name,
 * then the synthetic families' rendered lines, hashes and receive times: a start-up copies them
 * instead of rendering two lines per group. A synthetic family's receive time is its value's time,
 * or while the value is 0 the time of the request that created the group (upstream's {@code
 * time_stamp}). Records of formats 1 (families as {@link FamilyCodec} bytes), 2 (the same with a
 * deadline), 3 (pushed families only, the synthetic ones rendered from the times) and 4 (synthetic
 * lines without receive times: the value's time, the epoch for 0) are still read. Format 6 is
 * format 5 whose {@link FamilyCodec} families may carry native histogram buckets, which a
 * Pushbridge reading format 5 would misread.
 */
final class GroupState {
  static final byte FORMAT_VERSION = 6;
  private static final byte FORMAT_BINARY_FAMILIES = 1;
  private static final byte FORMAT_BINARY_FAMILIES_WITH_DEADLINE = 2;
  private static final byte FORMAT_DERIVED_SYNTHETIC = 3;
  private static final byte FORMAT_SYNTHETIC_LINES = 4;
  static final String PUSH_TIME = "push_time_seconds";
  static final String FAILURE_TIME = "push_failure_time_seconds";
  static final String PUSH_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway succeeded.";
  static final String FAILURE_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway failed.";
  static final String EXPIRY_TIME = "push_expiry_time_seconds";
  static final String EXPIRY_TIME_HELP =
      "Unix time at which Pushbridge deletes this group unless it is pushed again (TTL).";

  private static final Comparator<Slice> BY_NAME = (a, b) -> Utf8Order.compare(a.name, b.name);

  final GroupingKey key;
  final long pushTimeNanos;
  final long failureTimeNanos;
  /** Unix nanoseconds at which the group expires; 0: never. */
  final long expiryNanos;
  /** By name in byte order; never changed. */
  private final Slice[] families;

  private GroupState(
      GroupingKey key,
      long pushTimeNanos,
      long failureTimeNanos,
      long expiryNanos,
      Slice[] families) {
    this.key = key;
    this.pushTimeNanos = pushTimeNanos;
    this.failureTimeNanos = failureTimeNanos;
    this.expiryNanos = expiryNanos;
    this.families = families;
  }

  /**
   * A group of these pushed families (distinct names, any order) and the synthetic slices for its
   * times; {@code expiryTime} is null when the group has no deadline, else its gauge replaces a
   * pushed family of the same name.
   */
  static GroupState of(
      GroupingKey key,
      long pushTimeNanos,
      long failureTimeNanos,
      long expiryNanos,
      List<Slice> pushed,
      Slice pushTime,
      Slice failureTime,
      Slice expiryTime) {
    List<Slice> all = new ArrayList<>(pushed.size() + 3);
    for (Slice s : pushed) {
      if (expiryTime == null || !s.name.equals(EXPIRY_TIME)) {
        all.add(s);
      }
    }
    all.add(pushTime);
    all.add(failureTime);
    if (expiryTime != null) {
      all.add(expiryTime);
    }
    Slice[] sorted = all.toArray(new Slice[0]);
    Arrays.sort(sorted, BY_NAME);
    return new GroupState(key, pushTimeNanos, failureTimeNanos, expiryNanos, sorted);
  }

  /** A group of these pushed families, times and deadline, rendering the synthetic families. */
  static GroupState of(
      GroupingKey key,
      long pushTimeNanos,
      long failureTimeNanos,
      long expiryNanos,
      List<Slice> pushed) {
    Labels labels = syntheticLabels(key);
    return of(
        key,
        pushTimeNanos,
        failureTimeNanos,
        expiryNanos,
        pushed,
        synthetic(labels, PUSH_TIME, PUSH_TIME_HELP, pushTimeNanos, pushTimeNanos),
        synthetic(labels, FAILURE_TIME, FAILURE_TIME_HELP, failureTimeNanos, failureTimeNanos),
        expiryNanos == 0
            ? null
            : synthetic(labels, EXPIRY_TIME, EXPIRY_TIME_HELP, expiryNanos, expiryNanos));
  }

  /** The slice of family {@code name}, or null. */
  Slice family(String name) {
    int lo = 0;
    int hi = families.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Utf8Order.compare(families[mid].name, name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return families[mid];
      }
    }
    return null;
  }

  /** All families, synthetic included, by name; not to be changed. */
  Slice[] families() {
    return families;
  }

  Slice pushTimeSlice() {
    return family(PUSH_TIME);
  }

  Slice failureTimeSlice() {
    return family(FAILURE_TIME);
  }

  /** The slice of the deadline's gauge, or null when the group has no deadline. */
  Slice expiryTimeSlice() {
    return expiryNanos == 0 ? null : family(EXPIRY_TIME);
  }

  /** The pushed families only, in a fresh list the caller may change. */
  List<Slice> pushedFamilies() {
    List<Slice> pushed = new ArrayList<>(families.length);
    for (Slice s : families) {
      if (!derives(s.name)) {
        pushed.add(s);
      }
    }
    return pushed;
  }

  /** Whether this group derives family {@code name} from its times rather than storing it. */
  private boolean derives(String name) {
    return isSynthetic(name) || (expiryNanos != 0 && name.equals(EXPIRY_TIME));
  }

  /** The series of all its families, synthetic ones included. */
  long seriesCount() {
    long n = 0;
    for (Slice s : families) {
      n += s.seriesCount;
    }
    return n;
  }

  static boolean isSynthetic(String familyName) {
    return familyName.equals(PUSH_TIME) || familyName.equals(FAILURE_TIME);
  }

  static Slice pushTime(GroupingKey key, long nanos) {
    return synthetic(syntheticLabels(key), PUSH_TIME, PUSH_TIME_HELP, nanos, nanos);
  }

  static Slice failureTime(GroupingKey key, long nanos) {
    return synthetic(syntheticLabels(key), FAILURE_TIME, FAILURE_TIME_HELP, nanos, nanos);
  }

  /** The {@code push_time_seconds} of a group a failed push creates at {@code createdNanos}: 0. */
  static Slice neverPushed(GroupingKey key, long createdNanos) {
    return synthetic(syntheticLabels(key), PUSH_TIME, PUSH_TIME_HELP, createdNanos, 0);
  }

  /** The {@code push_failure_time_seconds} of a group a push creates at {@code createdNanos}: 0. */
  static Slice neverFailed(GroupingKey key, long createdNanos) {
    return synthetic(syntheticLabels(key), FAILURE_TIME, FAILURE_TIME_HELP, createdNanos, 0);
  }

  /**
   * The deadline's gauge, received when the push that set it was: {@code /api/v1/metrics} shows
   * that time, not the deadline, in the future.
   */
  static Slice expiryTime(GroupingKey key, long deadlineNanos, long setNanos) {
    return synthetic(syntheticLabels(key), EXPIRY_TIME, EXPIRY_TIME_HELP, setNanos, deadlineNanos);
  }

  /** The deadline's gauge as a push of it would be, for the consistency check. */
  static Slice.Prepared expiryForCheck(GroupingKey key, long expiryNanos) {
    return Slice.Prepared.of(
        syntheticFamily(key, EXPIRY_TIME, EXPIRY_TIME_HELP, expiryNanos), expiryNanos);
  }

  /**
   * The synthetic families of a new group as a push of them would be, for the consistency check:
   * another group may hold the same series. The deadline's gauge is among them when {@code
   * expiryNanos} is not 0.
   */
  static List<Slice.Prepared> syntheticForCheck(
      GroupingKey key, long pushNanos, long failureNanos, long expiryNanos) {
    List<Slice.Prepared> synthetic = new ArrayList<>(3);
    synthetic.add(
        Slice.Prepared.of(syntheticFamily(key, PUSH_TIME, PUSH_TIME_HELP, pushNanos), pushNanos));
    synthetic.add(
        Slice.Prepared.of(
            syntheticFamily(key, FAILURE_TIME, FAILURE_TIME_HELP, failureNanos), failureNanos));
    if (expiryNanos != 0) {
      synthetic.add(expiryForCheck(key, expiryNanos));
    }
    return synthetic;
  }

  /**
   * The synthetic family of a group: one gauge series with the grouping labels (spec §6), its
   * value the time {@code valueNanos} in seconds. Made for every push and twice per group at
   * start-up, so it goes straight to its one line and hash.
   */
  private static Slice synthetic(
      Labels labels, String name, String help, long receivedNanos, long valueNanos) {
    return Slice.ofGauge(name, help, receivedNanos, labels, seconds(valueNanos));
  }

  private static MetricFamily syntheticFamily(
      GroupingKey key, String name, String help, long nanos) {
    return new MetricFamily(
        name,
        help,
        MetricType.GAUGE,
        List.of(new Metric.Scalar(syntheticLabels(key), seconds(nanos))));
  }

  private static Labels syntheticLabels(GroupingKey key) {
    Labels labels = key.labels();
    return labels.contains("instance") ? labels : labels.with("instance", "");
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** Appends the stored record: the writer encodes straight into the batch it writes. */
  void encodeTo(ByteArrayBuilder out) {
    List<Slice> pushed = pushedFamilies();
    out.append(FORMAT_VERSION);
    FamilyCodec.writeLong(out, pushTimeNanos);
    FamilyCodec.writeLong(out, failureTimeNanos);
    FamilyCodec.writeLong(out, expiryNanos);
    FamilyCodec.writeVarint(out, pushed.size());
    for (Slice s : pushed) {
      s.writeTo(out);
    }
    writeSynthetic(out, pushTimeSlice());
    writeSynthetic(out, failureTimeSlice());
    if (expiryNanos != 0) {
      writeSynthetic(out, expiryTimeSlice());
    }
  }

  /** A synthetic family's front-coded line, hash and receive time; name and help are implied. */
  private static void writeSynthetic(ByteArrayBuilder out, Slice s) {
    FamilyCodec.writeVarint(out, s.lines.length);
    out.append(s.lines);
    FamilyCodec.writeLong(out, s.sortedHashes[0]);
    FamilyCodec.writeLong(out, s.receiveTimeNanos);
  }

  private static Slice readSynthetic(
      FamilyCodec.Reader in, String name, String help, long nanos, int version) {
    byte[] lines = in.bytes();
    FrontCodedLines.validate(lines);
    long hash = in.i64();
    long received = version == FORMAT_SYNTHETIC_LINES ? nanos : in.i64();
    return Slice.storedGauge(name, help, received, lines, hash);
  }

  /**
   * Reads back {@link #encodeTo}, or a record of format 1, 2 or 3; names and helps through {@code
   * strings}.
   *
   * @throws NewerFormatException when the record was written by a newer version
   * @throws IllegalArgumentException when the bytes are not a stored group
   */
  static GroupState decode(GroupingKey key, byte[] value, StringPool strings) {
    return decode(key, value, value.length, strings);
  }

  /** As {@link #decode(GroupingKey, byte[], StringPool)}, the record the first {@code length} bytes. */
  static GroupState decode(
      GroupingKey key, byte[] value, int length, StringPool strings) {
    FamilyCodec.Reader in = new FamilyCodec.Reader(value, length);
    int version = in.u8();
    if (version > FORMAT_VERSION) {
      throw new NewerFormatException(version);
    }
    if (version < FORMAT_BINARY_FAMILIES) {
      throw new IllegalArgumentException("unknown record format " + version);
    }
    long push = in.i64();
    long failure = in.i64();
    long expiry = version == FORMAT_BINARY_FAMILIES ? 0 : in.i64();
    if (version == FORMAT_BINARY_FAMILIES_WITH_DEADLINE && expiry == 0) {
      throw new IllegalArgumentException("format " + version + " record without a deadline");
    }
    if (version >= FORMAT_SYNTHETIC_LINES) {
      return decodeStored(key, in, version, push, failure, expiry, strings);
    }
    int n = in.count();
    List<Slice> pushed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pushed.add(
          version == FORMAT_DERIVED_SYNTHETIC
              ? Slice.readFrom(in, strings)
              : Slice.fromEncoded(in.bytes()));
    }
    in.expectEnd();
    pushed.sort(BY_NAME);
    for (int i = 0; i < n; i++) {
      checkPushedName(pushed.get(i).name, i == 0 ? null : pushed.get(i - 1).name, expiry);
    }
    return of(key, push, failure, expiry, pushed);
  }

  /**
   * Formats 4 and 5: pushed families already by name, the synthetic ones merged in by name
   * (expiry, failure, push time: their byte order) without sorting or rendering.
   */
  private static GroupState decodeStored(
      GroupingKey key,
      FamilyCodec.Reader in,
      int version,
      long push,
      long failure,
      long expiry,
      StringPool strings) {
    int n = in.count();
    Slice[] pushed = new Slice[n];
    for (int i = 0; i < n; i++) {
      pushed[i] = Slice.readFrom(in, strings);
      checkPushedName(pushed[i].name, i == 0 ? null : pushed[i - 1].name, expiry);
    }
    Slice pushTime = readSynthetic(in, PUSH_TIME, PUSH_TIME_HELP, push, version);
    Slice failureTime = readSynthetic(in, FAILURE_TIME, FAILURE_TIME_HELP, failure, version);
    Slice[] synthetic =
        expiry == 0
            ? new Slice[] {failureTime, pushTime}
            : new Slice[] {
              readSynthetic(in, EXPIRY_TIME, EXPIRY_TIME_HELP, expiry, version),
              failureTime,
              pushTime
            };
    in.expectEnd();
    Slice[] all = new Slice[n + synthetic.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < all.length; k++) {
      all[k] =
          j == synthetic.length
                  || (i < n && Utf8Order.compare(pushed[i].name, synthetic[j].name) < 0)
              ? pushed[i++]
              : synthetic[j++];
    }
    return new GroupState(key, push, failure, expiry, all);
  }

  /** A pushed family's name must follow the one before it and not be derived from the times. */
  private static void checkPushedName(String name, String previous, long expiry) {
    if (isSynthetic(name)
        || (expiry != 0 && name.equals(EXPIRY_TIME))
        || (previous != null && name.equals(previous))) {
      throw new IllegalArgumentException("family " + name + " stored twice");
    }
    if (previous != null && Utf8Order.compare(previous, name) > 0) {
      throw new IllegalArgumentException("families out of order at " + name);
    }
  }

  /** A stored record written by a later format than this version reads. */
  static final class NewerFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(int version) {
      super("record format " + version + " is newer than the supported " + FORMAT_VERSION);
    }
  }
}
