package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The writer's view of one family across groups: what the checks and snapshots need. */
final class FamilyIndex {
  /**
   * Groups holding this family, per type: types only differ when the check was off. Counts in
   * arrays, so that a start-up adding a slice per group boxes no Integer.
   */
  private final EnumMap<MetricType, int[]> groupsByType = new EnumMap<>(MetricType.class);
  /**
   * Groups per help, and how many have none: with one help everywhere (the usual case) the first
   * group's help is known without a look at the groups, and no map entry per group is kept.
   */
  private final Map<String, int[]> groupsByHelp = new HashMap<>(4);
  private int groupsWithoutHelp;
  /** A name and the last help pushed, instances new slices share (see {@link #shared}). */
  private String name;
  private String lastHelp;

  /**
   * The series hashes of every group; null until the consistency check first asks, so that a
   * start-up does not build them and a store with the check off never does.
   */
  private LongMultiset hashes;
  final KeyTable.Working<Slice> slices = new KeyTable.Working<>();

  /** The series hashes of every group, built from the slices on first use. */
  LongMultiset hashes() {
    if (hashes == null) {
      LongMultiset built = new LongMultiset();
      slices.forEach(
          (k, s) -> {
            for (long h : s.sortedHashes) {
              built.add(h);
            }
          });
      hashes = built;
    }
    return hashes;
  }

  /**
   * Group {@code key}'s slice goes from {@code before} to {@code after} (either null for absent,
   * not both). Costs nothing for the hashes of a group that pushed the same series again.
   */
  void replace(GroupingKey key, Slice before, Slice after) {
    if (after == null) {
      slices.remove(key);
    } else {
      slices.put(key, after);
      name = after.name;
      if (after.help != null) {
        lastHelp = after.help;
      }
    }
    if (before == null || after == null || before.type != after.type) {
      if (before != null) {
        count(groupsByType, before.type, -1);
      }
      if (after != null) {
        count(groupsByType, after.type, 1);
      }
    }
    if (before == null || after == null || !Objects.equals(before.help, after.help)) {
      if (before != null) {
        countHelp(before.help, -1);
      }
      if (after != null) {
        countHelp(after.help, 1);
      }
    }
    if (hashes != null
        && (before == null
            || after == null
            || !Arrays.equals(before.sortedHashes, after.sortedHashes))) {
      if (before != null) {
        for (long h : before.sortedHashes) {
          hashes.remove(h);
        }
      }
      if (after != null) {
        for (long h : after.sortedHashes) {
          hashes.add(h);
        }
      }
    }
  }

  /**
   * {@code slice} holding this family's name and, when equal, help instances: each push parses
   * its own strings, which would otherwise stay in memory once per group. When it holds the same
   * series as {@code old}, the slice it replaces (or null), it holds old's hashes too.
   */
  Slice shared(Slice slice, Slice old) {
    String help = slice.help != null && slice.help.equals(lastHelp) ? lastHelp : slice.help;
    long[] hashes =
        old != null && Arrays.equals(old.sortedHashes, slice.sortedHashes)
            ? old.sortedHashes
            : slice.sortedHashes;
    return slice.sharing(name != null ? name : slice.name, help, hashes);
  }

  private void countHelp(String help, int delta) {
    if (help == null) {
      groupsWithoutHelp += delta;
    } else {
      count(groupsByHelp, help, delta);
    }
  }

  /** Adds {@code delta} to the count of {@code key}, a count of 0 leaving the map. */
  private static <K> void count(Map<K, int[]> counts, K key, int delta) {
    int[] count = counts.computeIfAbsent(key, k -> new int[1]);
    count[0] += delta;
    if (count[0] == 0) {
      counts.remove(key);
    }
  }

  boolean isEmpty() {
    return slices.size() == 0;
  }

  /** The help of the first group in key byte order whose family has one, or null. */
  String firstHelp() {
    if (groupsByHelp.isEmpty()) {
      return null;
    }
    if (groupsByHelp.size() == 1 && groupsWithoutHelp == 0) {
      return groupsByHelp.keySet().iterator().next();
    }
    String[] first = {null};
    slices.forEach(
        (k, s) -> {
          if (first[0] == null) {
            first[0] = s.help;
          }
        });
    return first[0];
  }

  /** The types held by groups other than the one whose slice is {@code excluded}. */
  EnumSet<MetricType> typesWithout(Slice excluded) {
    EnumSet<MetricType> types = EnumSet.noneOf(MetricType.class);
    for (Map.Entry<MetricType, int[]> e : groupsByType.entrySet()) {
      int n = e.getValue()[0] - (excluded != null && excluded.type == e.getKey() ? 1 : 0);
      if (n > 0) {
        types.add(e.getKey());
      }
    }
    return types;
  }
}
