package io.pushbridge.model;

import java.util.Arrays;

/**
 * {@link Labels#withAll} planned once for every label set holding one names array: where each
 * label of the result comes from. A push sanitises each of its series with the same labels put
 * over them, and the parser hands out one names array for the lines of equal label names, so a
 * body's series are merged by copying values, without comparing names, and share one names array
 * again.
 */
final class LabelMerge {
  /** The names array of the sets this plan is for. */
  private final String[] from;
  private final Labels over;
  /** The result's names: {@code from} itself when {@code over} adds no name. */
  private final String[] names;
  /** Per result label: its index in the set's values, or {@code ~j} for {@code over}'s j-th. */
  private final int[] source;

  private LabelMerge(String[] from, Labels over, String[] names, int[] source) {
    this.from = from;
    this.over = over;
    this.names = names;
    this.source = source;
  }

  /** The plan of {@code labels.withAll(over)}, good for every set with the same names array. */
  static LabelMerge plan(Labels labels, Labels over) {
    String[] a = labels.nameArray();
    String[] b = over.nameArray();
    String[] merged = new String[a.length + b.length];
    int[] source = new int[a.length + b.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      int c = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
      if (c < 0) {
        merged[n] = a[i];
        source[n++] = i++;
      } else {
        merged[n] = b[j];
        source[n++] = ~j++;
        if (c == 0) {
          i++;
        }
      }
    }
    String[] names = n == a.length ? a : Arrays.copyOf(merged, n);
    return new LabelMerge(a, over, names, Arrays.copyOf(source, n));
  }

  /** Whether this plan serves {@code labels}, planned with the same labels put over. */
  @SuppressWarnings("ReferenceEquality") // one names array is what the plan is for
  boolean appliesTo(Labels labels) {
    return labels.nameArray() == from;
  }

  /**
   * {@code labels.withAll(over)}; {@code labels} itself when that changes nothing, {@code over}
   * when {@code labels} is empty.
   */
  @SuppressWarnings("ReferenceEquality") // names is from exactly when no name is added
  Labels apply(Labels labels) {
    if (from.length == 0) {
      return over;
    }
    String[] values = labels.valueArray();
    String[] overValues = over.valueArray();
    if (names == from) {
      boolean changed = false;
      for (int k = 0; k < source.length && !changed; k++) {
        changed = source[k] < 0 && !values[k].equals(overValues[~source[k]]);
      }
      if (!changed) {
        return labels;
      }
    }
    String[] result = new String[names.length];
    for (int k = 0; k < result.length; k++) {
      int s = source[k];
      result[k] = s >= 0 ? values[s] : overValues[~s];
    }
    return Labels.wrap(names, result);
  }
}
