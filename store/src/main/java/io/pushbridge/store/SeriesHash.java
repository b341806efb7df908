package io.pushbridge.store;

import io.pushbridge.model.Labels;

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
    return of(prefix(familyName), labels);
  }

  /** The state after the family name, the same for every series of a family. */
  static long prefix(String familyName) {
    return mix(FNV_OFFSET, familyName);
  }

  /** The hash of a series of the family whose {@link #prefix} is {@code prefix}. */
  static long of(long prefix, Labels labels) {
    long h = prefix;
    for (int i = 0; i < labels.size(); i++) {
      h = mix(h, labels.name(i));
      h = mix(h, labels.value(i));
    }
    h = finish(h);
    return h == 0 ? 1 : h;
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
