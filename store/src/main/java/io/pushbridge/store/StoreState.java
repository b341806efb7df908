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
import java.util.TreeMap;

/**
 * All groups and the per-family index, owned by the writer thread alone. Changes are tracked per
 * batch so that a batch RocksDB refused can be rolled back and a written one published.
 */
final class StoreState {
  private final KeyTable.Working<GroupState> groups = new KeyTable.Working<>();
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
    GroupingKey key = request.key();
    long now = request.receiveTimeNanos();
    GroupState old = groups.get(key);
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
      SortedMap<String, Slice> kept =
          old == null || request.method() == PushMethod.PUT
              ? new TreeMap<>(Utf8Order.COMPARATOR)
              : old.pushedFamilies();
      kept.keySet().removeAll(pushed.keySet());
      if (check != null) {
        List<Slice.Prepared> changed = new ArrayList<>(pushed.values());
        if (old == null) {
          changed.add(GroupState.syntheticPrepared(key, GroupState.PUSH_TIME, GroupState.PUSH_TIME_HELP, now));
          changed.add(GroupState.syntheticPrepared(key, GroupState.FAILURE_TIME, GroupState.FAILURE_TIME_HELP, 0));
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
      replace(key, old, GroupState.of(key, now, failure, kept));
      return new Outcome(new ApplyResult(key, request.method(), now), null);
    } catch (InconsistentMetricsException e) {
      GroupState failed =
          old == null
              ? GroupState.of(key, 0, now, new TreeMap<>(Utf8Order.COMPARATOR))
              : GroupState.of(key, old.pushTimeNanos, now, old.pushedFamilies());
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
      groups.remove(key);
    }
    if (now != null) {
      for (Slice s : now.families.values()) {
        index.computeIfAbsent(s.name, n -> new FamilyIndex()).add(key, s);
        changedFamilies.add(s.name);
        series += s.seriesCount;
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
