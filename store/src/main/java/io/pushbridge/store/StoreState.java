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
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * All groups and the per-family index, owned by the writer thread alone. Changes are tracked per
 * batch so that a batch RocksDB refused can be rolled back and a written one published.
 */
final class StoreState {
  private final KeyTable.Working<GroupState> groups = new KeyTable.Working<>();
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
    GroupingKey key = request.key();
    long now = request.receiveTimeNanos();
    GroupState old = groups.get(key);
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
      SortedMap<String, Slice> kept =
          old == null || request.method() == PushMethod.PUT
              ? new TreeMap<>(Utf8Order.COMPARATOR)
              : old.pushedFamilies();
      kept.keySet().removeAll(pushed.keySet());
      if (expiry != 0) {
        kept.remove(GroupState.EXPIRY_TIME);
      }
      try {
        admit(key, old, pushed, kept, expiry);
      } catch (LimitExceededException e) {
        return new Outcome(null, e);
      }
      if (check != null) {
        List<Slice.Prepared> changed = new ArrayList<>(pushed.values());
        if (old == null) {
          changed.add(GroupState.syntheticPrepared(key, GroupState.PUSH_TIME, GroupState.PUSH_TIME_HELP, now));
          changed.add(GroupState.syntheticPrepared(key, GroupState.FAILURE_TIME, GroupState.FAILURE_TIME_HELP, 0));
        }
        if (expiry != 0 && (old == null || old.expiryNanos == 0)) {
          changed.add(GroupState.syntheticPrepared(key, GroupState.EXPIRY_TIME, GroupState.EXPIRY_TIME_HELP, expiry));
        }
        TreeMap<String, Object> after = new TreeMap<>(Utf8Order.COMPARATOR);
        after.putAll(kept);
        after.putAll(pushed);
        check.check(key, old, changed, after);
      }
      for (Slice.Prepared p : pushed.values()) {
        kept.put(p.family().name(), p.toSlice());
      }
      long failure = old == null ? 0 : old.failureTimeNanos;
      replace(key, old, GroupState.of(key, now, failure, expiry, kept));
      return new Outcome(new ApplyResult(key, request.method(), now), null);
    } catch (InconsistentMetricsException e) {
      // A failed push does not extend a deadline, but a group it creates gets one.
      GroupState failed =
          old == null
              ? GroupState.of(key, 0, now, expiry, new TreeMap<>(Utf8Order.COMPARATOR))
              : GroupState.of(key, old.pushTimeNanos, now, old.expiryNanos, old.pushedFamilies());
      replace(key, old, failed);
      return new Outcome(null, e);
    }
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
      SortedMap<String, Slice> kept,
      long expiry) {
    long groupSeries = 0;
    for (Slice s : kept.values()) {
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
      replace(key, groups.get(key), null);
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

  /** Adds a group read at start-up, outside any batch. */
  void load(GroupState group) {
    replace(group.key, groups.get(group.key), group);
    before.clear();
  }

  private void replace(GroupingKey key, GroupState old, GroupState now) {
    if (!before.containsKey(key)) {
      before.put(key, old);
    }
    if (old != null) {
      for (Slice s : old.families.values()) {
        FamilyIndex family = index.get(s.name);
        family.remove(key, s);
        if (family.isEmpty()) {
          index.remove(s.name);
        }
        changedFamilies.add(s.name);
        series -= s.seriesCount;
      }
      if (old.expiryNanos != 0) {
        expiries.remove(key, old.expiryNanos);
      }
      groups.remove(key);
    }
    if (now != null) {
      for (Slice s : now.families.values()) {
        index.computeIfAbsent(s.name, n -> new FamilyIndex()).add(key, s);
        changedFamilies.add(s.name);
        series += s.seriesCount;
      }
      if (now.expiryNanos != 0) {
        expiries.add(key, now.expiryNanos);
      }
      groups.put(key, now);
    }
  }

  /** The groups changed in the current batch, with their states now (null: deleted). */
  Map<GroupingKey, GroupState> changedGroups() {
    Map<GroupingKey, GroupState> changed = new HashMap<>();
    for (GroupingKey key : before.keySet()) {
      changed.put(key, groups.get(key));
    }
    return changed;
  }

  /** Undoes the current batch. */
  void rollback() {
    for (Map.Entry<GroupingKey, GroupState> e : new ArrayList<>(before.entrySet())) {
      replace(e.getKey(), groups.get(e.getKey()), e.getValue());
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
