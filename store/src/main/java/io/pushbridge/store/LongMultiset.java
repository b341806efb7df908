package io.pushbridge.store;

import java.util.HashMap;
import java.util.Map;

/**
 * A multiset of non-zero longs with open addressing and linear probing: one primitive array filled
 * up to three quarters, no object per entry (a boxed set costs ~50 bytes per series, the budget is
 * 250 for everything). Elements held more than once (only after the consistency check was off, or
 * on a hash collision) keep their extra count in a small map. Removal shifts later entries back,
 * so there are no tombstones.
 */
final class LongMultiset {
  private long[] keys;
  /** Count minus one of the elements held more than once. */
  private final Map<Long, Integer> extra = new HashMap<>();
  private int size;
  private int mask;

  LongMultiset() {
    this(8);
  }

  LongMultiset(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    mask = capacity - 1;
  }

  /** Whether some element is held more than once. */
  boolean hasRepeats() {
    return !extra.isEmpty();
  }

  /** Distinct elements. */
  int size() {
    return size;
  }

  int count(long key) {
    int i = slot(key);
    while (keys[i] != 0) {
      if (keys[i] == key) {
        return extra.isEmpty() ? 1 : 1 + extra.getOrDefault(key, 0);
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  void add(long key) {
    if (key == 0) {
      throw new IllegalArgumentException("0 is not a valid element");
    }
    int i = slot(key);
    while (keys[i] != 0) {
      if (keys[i] == key) {
        extra.merge(key, 1, Integer::sum);
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    if (++size * 4 > keys.length * 3) {
      grow();
    }
  }

  /** Removes one occurrence; removing an absent element is a bug in the caller. */
  void remove(long key) {
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == 0) {
        throw new IllegalStateException("element not present: " + key);
      }
      i = (i + 1) & mask;
    }
    if (!extra.isEmpty()) {
      Integer more = extra.get(key);
      if (more != null) {
        if (more == 1) {
          extra.remove(key);
        } else {
          extra.put(key, more - 1);
        }
        return;
      }
    }
    size--;
    int gap = i;
    int j = (i + 1) & mask;
    while (keys[j] != 0) {
      int home = slot(keys[j]);
      boolean movable = gap <= j ? home <= gap || home > j : home <= gap && home > j;
      if (movable) {
        keys[gap] = keys[j];
        gap = j;
      }
      j = (j + 1) & mask;
    }
    keys[gap] = 0;
  }

  private int slot(long key) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    keys = new long[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != 0) {
        int i = slot(oldKeys[k]);
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
      }
    }
  }
}
