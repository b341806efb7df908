package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

/** The writer's view of one family across groups: what the checks and snapshots need. */
final class FamilyIndex {
  /** Groups holding this family, per type: types only differ when the check was off. */
  private final EnumMap<MetricType, Integer> groupsByType = new EnumMap<>(MetricType.class);
  final LongMultiset hashes = new LongMultiset();
  final TreeMap<GroupingKey, Slice> slices = new TreeMap<>();

  void add(GroupingKey key, Slice slice) {
    slices.put(key, slice);
    groupsByType.merge(slice.type, 1, Integer::sum);
    for (long h : slice.sortedHashes) {
      hashes.add(h);
    }
  }

  void remove(GroupingKey key, Slice slice) {
    slices.remove(key);
    groupsByType.merge(slice.type, -1, (a, b) -> a + b == 0 ? null : a + b);
    for (long h : slice.sortedHashes) {
      hashes.remove(h);
    }
  }

  boolean isEmpty() {
    return slices.isEmpty();
  }

  /** The types held by groups other than the one whose slice is {@code excluded}. */
  EnumSet<MetricType> typesWithout(Slice excluded) {
    EnumSet<MetricType> types = EnumSet.noneOf(MetricType.class);
    for (Map.Entry<MetricType, Integer> e : groupsByType.entrySet()) {
      int n = e.getValue() - (excluded != null && excluded.type == e.getKey() ? 1 : 0);
      if (n > 0) {
        types.add(e.getKey());
      }
    }
    return types;
  }
}
