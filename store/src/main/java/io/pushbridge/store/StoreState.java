package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.InvalidPushException;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * All groups and the per-family index, owned by the writer thread alone. Changes are tracked per
 * batch so that a batch RocksDB refused can be rolled back and a written one published.
 */
final class StoreState {
  private final KeyTable.Working<GroupState> groups = new KeyTable.Working<>();
  /** The same groups by key: a lookup per push without a search through the table. */
  private final Map<GroupingKey, GroupState> byKey = new HashMap<>();
  private static final Slice[] NONE = new Slice[0];

  private final Map<String, FamilyIndex> index = new HashMap<>();
  private final ConsistencyCheck check;
  private final ExpiryIndex expiries = new ExpiryIndex();
  private final Duration defaultTtl;
  private final Admission admission;
  private long series;

  /** Each group changed in this batch with its state before the batch (null: absent). */
  private final Map<GroupingKey, GroupState> before = new HashMap<>();
  private final Set<String> changedFamilies = new HashSet<>();

  StoreState(boolean consistencyCheck, Map<String, MetricType> reservedFamilies) {
    this(consistencyCheck, reservedFamilies, Duration.ZERO, StoreLimits.NONE);
  }

  StoreState(
      boolean consistencyCheck,
      Map<String, MetricType> reservedFamilies,
      Duration defaultTtl,
      StoreLimits limits) {
    this.check = consistencyCheck ? new ConsistencyCheck(index, reservedFamilies) : null;
    this.defaultTtl = defaultTtl;
    this.admission = new Admission(limits);
  }

  /**
   * The outcome of one request; the exception is the client's. An inconsistent push still records
   * its failure time; a push over a limit changes nothing.
   */
  record Outcome(ApplyResult result, InvalidPushException rejection) {}

  Outcome apply(PreparedPush prepared) {
    PushRequest request = prepared.request();
    long now = request.receiveTimeNanos();
    GroupState old = byKey.get(request.key());
    // The stored key instance: the request's own would stay in memory beside it.
    GroupingKey key = old != null ? old.key : request.key();
    if (request.method() == PushMethod.DELETE) {
      if (old != null) {
        replace(key, old, null);
      }
      return new Outcome(new ApplyResult(key, PushMethod.DELETE, now), null);
    }
    long expiry = deadline(request);
    try {
      if (prepared.rejection() != null) {
        throw prepared.rejection();
      }
      SortedMap<String, Slice.Prepared> pushed = prepared.families();
      List<Slice> kept = new ArrayList<>();
      if (old != null && request.method() == PushMethod.POST) {
        for (Slice s : old.pushedFamilies()) {
          if (!pushed.containsKey(s.name) && (expiry == 0 || !s.name.equals(GroupState.EXPIRY_TIME))) {
            kept.add(s);
          }
        }
      }
      try {
        admit(key, old, pushed, kept, expiry);
      } catch (LimitExceededException e) {
        return new Outcome(null, e);
      }
      List<Slice> families = new ArrayList<>(pushed.size() + kept.size());
      for (Slice.Prepared p : pushed.values()) {
        FamilyIndex family = index.get(p.family().name());
        families.add(
            family == null
                ? p.toSlice()
                : family.shared(p.toSlice(), old == null ? null : old.family(p.family().name())));
      }
      families.addAll(kept);
      GroupState next =
          GroupState.of(
              key,
              now,
              old == null ? 0 : old.failureTimeNanos,
              expiry,
              families,
              prepared.pushTime(),
              old == null ? GroupState.neverFailed(key, now) : old.failureTimeSlice(),
              expirySlice(key, old, expiry, now));
      if (check != null) {
        List<Slice.Prepared> changed = new ArrayList<>(pushed.values());
        if (old == null) {
          changed.addAll(GroupState.syntheticForCheck(key, now, 0, expiry));
        } else if (expiry != 0 && old.expiryNanos == 0) {
          changed.add(GroupState.expiryForCheck(key, expiry));
        }
        check.check(key, old, changed, next);
      }
      replace(key, old, next);
      return new Outcome(new ApplyResult(key, request.method(), now), null);
    } catch (InconsistentMetricsException e) {
      // A failed push does not extend a deadline, but a group it creates gets one.
      Slice failure = GroupState.failureTime(key, now);
      GroupState failed =
          old == null
              ? GroupState.of(
                  key,
                  0,
                  now,
                  expiry,
                  List.of(),
                  GroupState.neverPushed(key, now),
                  failure,
                  expirySlice(key, null, expiry, now))
              : GroupState.of(
                  key,
                  old.pushTimeNanos,
                  now,
                  old.expiryNanos,
                  old.pushedFamilies(),
                  old.pushTimeSlice(),
                  failure,
                  old.expiryTimeSlice());
      if (old == null && check != null && !syntheticSeriesFree(key, now, expiry, failed)) {
        // Upstream creates the group anyway ({job="a"} beside {job="a",instance=""}: the same
        // push_time_seconds series), leaving a store whose every scrape and checked push fails
        // (spec §5.1, §14.5). The failure is only answered, not recorded.
        return new Outcome(null, e);
      }
      replace(key, old, failed);
      return new Outcome(null, e);
    }
  }

  /** Whether a new group's synthetic series, its deadline's included, are held by none other. */
  private boolean syntheticSeriesFree(
      GroupingKey key, long failureNanos, long expiry, GroupState group) {
    try {
      check.check(key, null, GroupState.syntheticForCheck(key, 0, failureNanos, expiry), group);
      return true;
    } catch (InconsistentMetricsException e) {
      return false;
    }
  }

  /** The deadline's gauge, the old group's while the deadline is the same; null for none. */
  private static Slice expirySlice(GroupingKey key, GroupState old, long expiry, long now) {
    if (expiry == 0) {
      return null;
    }
    return old != null && old.expiryNanos == expiry
        ? old.expiryTimeSlice()
        : GroupState.expiryTime(key, expiry, now);
  }

  /** The deadline a push gives its group: receive time plus its TTL or the default; 0: none. */
  private long deadline(PushRequest request) {
    Duration ttl = request.ttl() != null ? request.ttl() : defaultTtl;
    if (ttl.isZero()) {
      return 0;
    }
    long nanos = ttl.toSeconds() > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : ttl.toNanos();
    long deadline = request.receiveTimeNanos() + nanos;
    return deadline < request.receiveTimeNanos() ? Long.MAX_VALUE : deadline;
  }

  private void admit(
      GroupingKey key,
      GroupState old,
      SortedMap<String, Slice.Prepared> pushed,
      List<Slice> kept,
      long expiry) {
    long groupSeries = 0;
    for (Slice s : kept) {
      groupSeries += s.seriesCount;
    }
    for (Slice.Prepared p : pushed.values()) {
      groupSeries += p.family().metrics().size();
    }
    long after =
        series - (old == null ? 0 : old.seriesCount()) + groupSeries + (expiry != 0 ? 3 : 2);
    admission.check(key, old, pushed.values(), groupSeries, series, after, groups.size());
  }

  /** Deletes every group; the number deleted. */
  int wipe() {
    return deleteIf(key -> true);
  }

  /** Deletes every group whose key {@code selector} accepts; the number deleted. */
  int deleteIf(Predicate<GroupingKey> selector) {
    List<GroupState> matching = new ArrayList<>();
    groups.forEach(
        (k, g) -> {
          if (selector.test(k)) {
            matching.add(g);
          }
        });
    for (GroupState g : matching) {
      replace(g.key, g, null);
    }
    return matching.size();
  }

  /**
   * Deletes every group whose deadline is at or before {@code nowNanos}; the number deleted. A
   * group pushed again since it was found due has a later deadline and stays.
   */
  int expire(long nowNanos) {
    List<GroupingKey> due = expiries.due(nowNanos);
    for (GroupingKey key : due) {
      replace(key, byKey.get(key), null);
    }
    return due.size();
  }

  /** The earliest deadline of any group, {@link Long#MAX_VALUE} when none has one. */
  long nextExpiryNanos() {
    return expiries.next();
  }

  Map<Limit, Long> limitRejections() {
    return admission.rejections();
  }

  /**
   * Adds a group read at start-up, outside any batch: nothing to roll back, and a scan holds each
   * key once.
   */
  void load(GroupState group) {
    GroupingKey key = group.key;
    for (Slice s : group.families()) {
      FamilyIndex family = index.get(s.name);
      if (family == null) {
        family = new FamilyIndex();
        index.put(s.name, family);
        changedFamilies.add(s.name);
      }
      family.replace(key, null, s);
      series += s.seriesCount;
    }
    if (group.expiryNanos != 0) {
      expiries.add(key, group.expiryNanos);
    }
    groups.put(key, group);
    byKey.put(key, group);
  }

  /** Swaps a group's state in the current batch, remembering its state before the batch. */
  private void replace(GroupingKey key, GroupState old, GroupState now) {
    if (!before.containsKey(key)) {
      before.put(key, old);
    }
    swap(key, old, now);
  }

  /**
   * Swaps a group's state and updates the index family by family; a family whose slice did not
   * change (kept by a POST, an unchanged failure time) costs nothing.
   */
  private void swap(GroupingKey key, GroupState old, GroupState now) {
    Slice[] a = old == null ? NONE : old.families();
    Slice[] b = now == null ? NONE : now.families();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      int c = i == a.length ? 1 : j == b.length ? -1 : Utf8Order.compare(a[i].name, b[j].name);
      Slice from = c <= 0 ? a[i++] : null;
      Slice to = c >= 0 ? b[j++] : null;
      if (from == to) {
        continue;
      }
      String name = to != null ? to.name : from.name;
      FamilyIndex family = index.get(name);
      if (family == null) {
        family = new FamilyIndex();
        index.put(name, family);
      }
      family.replace(key, from, to);
      if (family.isEmpty()) {
        index.remove(name);
      }
      changedFamilies.add(name);
      series += (to == null ? 0 : to.seriesCount) - (from == null ? 0 : from.seriesCount);
    }
    if (old != null && old.expiryNanos != 0) {
      expiries.remove(key, old.expiryNanos);
    }
    if (now == null) {
      groups.remove(key);
      byKey.remove(key);
    } else {
      if (now.expiryNanos != 0) {
        expiries.add(key, now.expiryNanos);
      }
      groups.put(key, now);
      byKey.put(key, now);
    }
  }

  /** Visits the groups changed in the current batch with their states now (null: deleted). */
  void forEachChanged(BiConsumer<GroupingKey, GroupState> visitor) {
    for (GroupingKey key : before.keySet()) {
      visitor.accept(key, byKey.get(key));
    }
  }

  /** Undoes the current batch. */
  void rollback() {
    for (Map.Entry<GroupingKey, GroupState> e : before.entrySet()) {
      swap(e.getKey(), byKey.get(e.getKey()), e.getValue());
    }
    before.clear();
    changedFamilies.clear();
  }

  /** Ends the current batch; the names of the families it changed. */
  Set<String> commit() {
    Set<String> changed = new HashSet<>(changedFamilies);
    before.clear();
    changedFamilies.clear();
    return changed;
  }

  boolean hasChanges() {
    return !before.isEmpty();
  }

  FamilyIndex family(String name) {
    return index.get(name);
  }

  /** Every group in key order, as of now; publishes the edits so far. */
  KeyTable<GroupState> groupTable() {
    return groups.freeze();
  }

  long groupCount() {
    return groups.size();
  }

  long seriesCount() {
    return series;
  }
}
