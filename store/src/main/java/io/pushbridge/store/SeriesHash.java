package io.pushbridge.store;

import io.pushbridge.model.Labels;
import java.util.Arrays;

/**
 * A 64-bit hash of a series' identity (family name and sorted labels) for the duplicate check.
 * Equal hashes are confirmed by comparing labels, so collisions cost time, never correctness.
 * Never 0: the multiset uses 0 for an empty slot.
 */
final class SeriesHash {
  private SeriesHash() {}

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  static long of(String familyName, Labels labels) {
    long h = prefix(familyName);
    for (int i = 0; i < labels.size(); i++) {
      h = mix(h, labels.name(i));
      h = mix(h, labels.value(i));
    }
    h = finish(h);
    return h == 0 ? 1 : h;
  }

  /** The state after the family name, the same for every series of a family. */
  static long prefix(String familyName) {
    return mix(FNV_OFFSET, familyName);
  }

  /**
   * The hashes of one family's series, in turn: FNV's state after a label depends only on what
   * came before it, so the labels a series shares with the one before (the same instances: a
   * push's grouping labels, the values its body repeats) are not mixed in again.
   */
  static final class OfFamily {
    private final long prefix;
    private Labels previous = Labels.EMPTY;
    /** The state after each label of {@code previous}. */
    private long[] states = new long[8];

    OfFamily(String familyName) {
      this.prefix = prefix(familyName);
    }

    /** {@link SeriesHash#of(String, Labels)} of the family's name and {@code labels}. */
    @SuppressWarnings("ReferenceEquality") // equal instances are what allows the reuse
    long of(Labels labels) {
      int n = labels.size();
      if (states.length < n) {
        states = Arrays.copyOf(states, Math.max(n, 2 * states.length));
      }
      int same = 0;
      int max = Math.min(n, previous.size());
      while (same < max
          && labels.name(same) == previous.name(same)
          && labels.value(same) == previous.value(same)) {
        same++;
      }
      long h = same == 0 ? prefix : states[same - 1];
      for (int i = same; i < n; i++) {
        h = mix(h, labels.name(i));
        h = mix(h, labels.value(i));
        states[i] = h;
      }
      previous = labels;
      h = finish(h);
      return h == 0 ? 1 : h;
    }
  }

  /** The length goes in first so that ("ab","c") and ("a","bc") differ. */
  private static long mix(long h, String s) {
    h = (h ^ s.length()) * FNV_PRIME;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  /** MurmurHash3's 64-bit finaliser: spreads FNV's weak high bits. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
