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
  /** The helps by group, so that the first group's help is found without a scan. */
  private final TreeMap<GroupingKey, String> helps = new TreeMap<>();
  final LongMultiset hashes = new LongMultiset();
  final KeyTable.Working<Slice> slices = new KeyTable.Working<>();

  void add(GroupingKey key, Slice slice) {
    slices.put(key, slice);
    groupsByType.merge(slice.type, 1, Integer::sum);
    if (slice.help != null) {
      helps.put(key, slice.help);
    }
    for (long h : slice.sortedHashes) {
      hashes.add(h);
    }
  }

  void remove(GroupingKey key, Slice slice) {
    slices.remove(key);
    groupsByType.merge(slice.type, -1, (a, b) -> a + b == 0 ? null : a + b);
    helps.remove(key);
    for (long h : slice.sortedHashes) {
      hashes.remove(h);
    }
  }

  boolean isEmpty() {
    return slices.size() == 0;
  }

  /** The help of the first group in key byte order whose family has one, or null. */
  String firstHelp() {
    return helps.isEmpty() ? null : helps.firstEntry().getValue();
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
