package io.pushbridge.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set sorted by name, each name at most once.
 *
 * <p>Two parallel arrays rather than a map: a push body can carry hundreds of thousands of series
 * and each needs its own label set, so the per-instance overhead matters.
 */
public final class Labels {

  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** Builds a label set from alternating names and values; a repeated name keeps the last value. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return fromMap(map);
  }

  /** Builds a label set from a map; the map's iteration order does not matter. */
  public static Labels fromMap(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> sorted = map instanceof TreeMap<String, String> t
        && t.comparator() == null ? t : new TreeMap<>(map);
    String[] n = new String[sorted.size()];
    String[] v = new String[sorted.size()];
    int i = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      n[i] = e.getKey();
      v[i] = e.getValue();
      i++;
    }
    return new Labels(n, v);
  }

  /**
   * Wraps arrays that the caller guarantees to be sorted by name without duplicates and never to
   * change again. For parsers and decoders that already produce sorted pairs.
   */
  public static Labels ofSorted(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException("names and values differ in length");
    }
    for (int i = 1; i < names.length; i++) {
      if (names[i - 1].compareTo(names[i]) >= 0) {
        throw new IllegalArgumentException("label names not strictly sorted: " + Arrays.toString(names));
      }
    }
    return names.length == 0 ? EMPTY : new Labels(names, values);
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** The value of {@code name}, or null when the set has no such label. */
  public String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : null;
  }

  public boolean contains(String name) {
    return Arrays.binarySearch(names, name) >= 0;
  }

  /** This set with {@code name} set to {@code value}, replacing any earlier value. */
  public Labels with(String name, String value) {
    int i = Arrays.binarySearch(names, name);
    if (i >= 0) {
      if (values[i].equals(value)) {
        return this;
      }
      String[] v = values.clone();
      v[i] = value;
      return new Labels(names, v);
    }
    int at = -i - 1;
    String[] n = new String[names.length + 1];
    String[] v = new String[names.length + 1];
    System.arraycopy(names, 0, n, 0, at);
    System.arraycopy(values, 0, v, 0, at);
    n[at] = name;
    v[at] = value;
    System.arraycopy(names, at, n, at + 1, names.length - at);
    System.arraycopy(values, at, v, at + 1, names.length - at);
    return new Labels(n, v);
  }

  /**
   * This set with every label of {@code other} put over it (other's values win). One merge of the
   * two sorted sets: every push sanitises each of its series with this.
   */
  public Labels withAll(Labels other) {
    return withAll(other, null);
  }

  /**
   * As {@link #withAll(Labels)}, sharing the names of {@code like} (or null) when the result has
   * the same: the series of a family mostly do, and a push sanitises each one.
   */
  Labels withAll(Labels other, Labels like) {
    String[] on = other.names;
    if (on.length == 0) {
      return this;
    }
    if (names.length == 0) {
      return other;
    }
    int added = 0;
    boolean changed = false;
    int i = 0;
    for (int j = 0; j < on.length; j++) {
      while (i < names.length && names[i].compareTo(on[j]) < 0) {
        i++;
      }
      if (i < names.length && names[i].equals(on[j])) {
        changed |= !values[i].equals(other.values[j]);
        i++;
      } else {
        added++;
      }
    }
    if (added == 0 && !changed) {
      return this;
    }
    if (added == 0) {
      String[] v = values.clone();
      i = 0;
      for (int j = 0; j < on.length; j++) {
        while (!names[i].equals(on[j])) {
          i++;
        }
        v[i] = other.values[j];
      }
      return new Labels(names, v);
    }
    int n = names.length + added;
    String[] shared = like != null && like.names.length == n ? like.names : null;
    String[] rn = null;
    String[] rv = new String[n];
    i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      int c = i == names.length ? 1 : j == on.length ? -1 : names[i].compareTo(on[j]);
      String name;
      if (c < 0) {
        name = names[i];
        rv[k] = values[i++];
      } else {
        name = on[j];
        rv[k] = other.values[j++];
        if (c == 0) {
          i++;
        }
      }
      if (shared != null && !shared[k].equals(name)) {
        rn = Arrays.copyOf(shared, n);
        shared = null;
      } else if (shared == null && rn == null) {
        rn = new String[n];
      }
      if (rn != null) {
        rn[k] = name;
      }
    }
    return new Labels(shared != null ? shared : rn, rv);
  }

  public Map<String, String> toMap() {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
