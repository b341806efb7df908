package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

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
  private long series;

  /** Each group changed in this batch with its state before the batch (null: absent). */
  private final Map<GroupingKey, GroupState> before = new HashMap<>();
  private final Set<String> changedFamilies = new HashSet<>();

  StoreState(boolean consistencyCheck, Map<String, MetricType> reservedFamilies) {
    this.check = consistencyCheck ? new ConsistencyCheck(index, reservedFamilies) : null;
  }

  /** The outcome of one request: the group is changed either way, the exception is the client's. */
  record Outcome(ApplyResult result, InconsistentMetricsException rejection) {}

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
    try {
      if (prepared.rejection() != null) {
        throw prepared.rejection();
      }
      SortedMap<String, Slice.Prepared> pushed = prepared.families();
      List<Slice> families = new ArrayList<>(pushed.size() + 2);
      for (Slice.Prepared p : pushed.values()) {
        FamilyIndex family = index.get(p.family().name());
        families.add(family == null ? p.toSlice() : family.shared(p.toSlice()));
      }
      if (old != null && request.method() == PushMethod.POST) {
        for (Slice s : old.pushedFamilies()) {
          if (!pushed.containsKey(s.name)) {
            families.add(s);
          }
        }
      }
      GroupState next =
          GroupState.of(
              key,
              now,
              old == null ? 0 : old.failureTimeNanos,
              families,
              prepared.pushTime(),
              old == null ? GroupState.failureTime(key, 0) : old.failureTimeSlice());
      if (check != null) {
        List<Slice.Prepared> changed = new ArrayList<>(pushed.values());
        if (old == null) {
          changed.addAll(GroupState.syntheticForCheck(key, now, 0));
        }
        check.check(key, old, changed, next);
      }
      replace(key, old, next);
      return new Outcome(new ApplyResult(key, request.method(), now), null);
    } catch (InconsistentMetricsException e) {
      Slice failure = GroupState.failureTime(key, now);
      GroupState failed =
          old == null
              ? GroupState.of(key, 0, now, List.of(), GroupState.pushTime(key, 0), failure)
              : GroupState.of(
                  key, old.pushTimeNanos, now, old.pushedFamilies(), old.pushTimeSlice(), failure);
      replace(key, old, failed);
      return new Outcome(null, e);
    }
  }

  /** Deletes every group; the number deleted. */
  int wipe() {
    List<GroupState> all = new ArrayList<>(groups.size());
    groups.forEach((k, g) -> all.add(g));
    for (GroupState g : all) {
      replace(g.key, g, null);
    }
    return all.size();
  }

  /**
   * Adds a group read at start-up, outside any batch: nothing to roll back, and a scan holds each
   * key once.
   */
  void load(GroupState group) {
    swap(group.key, null, group);
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
    if (now == null) {
      groups.remove(key);
      byKey.remove(key);
    } else {
      groups.put(key, now);
      byKey.put(key, now);
    }
  }

  /** The groups changed in the current batch, with their states now (null: deleted). */
  Map<GroupingKey, GroupState> changedGroups() {
    Map<GroupingKey, GroupState> changed = new HashMap<>();
    for (GroupingKey key : before.keySet()) {
      changed.put(key, byKey.get(key));
    }
    return changed;
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
