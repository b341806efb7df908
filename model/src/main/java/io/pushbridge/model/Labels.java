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
    return LabelMerge.plan(this, other).apply(this);
  }

  /**
   * Wraps arrays that this package's callers built sorted by name without duplicates and never
   * change again; the names array may be shared by many sets.
   */
  static Labels wrap(String[] names, String[] values) {
    return names.length == 0 ? EMPTY : new Labels(names, values);
  }

  /** The names, shared: not to be changed. Sets holding the same array have equal names. */
  String[] nameArray() {
    return names;
  }

  /** The values, shared: not to be changed. */
  String[] valueArray() {
    return values;
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
