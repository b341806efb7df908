package io.pushbridge.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The labels of the sample line being read, in arrays reused from line to line. */
final class TextLabelScratch {

  /** Up to this many labels a linear scan finds duplicates and insertion sort orders them. */
  private static final int FEW = 16;

  private String[] names = new String[8];
  private String[] values = new String[8];
  private int count;
  /** The names array of the labels made last. */
  private String[] lastNames = new String[0];
  private final Set<String> manyNames = new HashSet<>();

  void clear() {
    count = 0;
  }

  int count() {
    return count;
  }

  String name(int i) {
    return names[i];
  }

  String value(int i) {
    return values[i];
  }

  /** Adds a name whose value comes next; false when the line already has that name. */
  boolean addName(String name) {
    if (count < FEW) {
      for (int i = 0; i < count; i++) {
        if (names[i].equals(name)) {
          return false;
        }
      }
    } else {
      // A hostile line with thousands of labels must not cost quadratic time.
      if (count == FEW) {
        manyNames.clear();
        manyNames.addAll(Arrays.asList(names).subList(0, count));
      }
      if (!manyNames.add(name)) {
        return false;
      }
    }
    if (count == names.length) {
      names = Arrays.copyOf(names, count * 2);
      values = Arrays.copyOf(values, count * 2);
    }
    names[count++] = name;
    return true;
  }

  void setLastValue(String value) {
    values[count - 1] = value;
  }

  void sortByName() {
    if (count <= FEW) {
      for (int i = 1; i < count; i++) {
        String name = names[i];
        String value = values[i];
        int j = i - 1;
        while (j >= 0 && names[j].compareTo(name) > 0) {
          names[j + 1] = names[j];
          values[j + 1] = values[j];
          j--;
        }
        names[j + 1] = name;
        values[j + 1] = value;
      }
      return;
    }
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
    String[] sortedNames = new String[count];
    String[] sortedValues = new String[count];
    for (int i = 0; i < count; i++) {
      sortedNames[i] = names[order[i]];
      sortedValues[i] = values[order[i]];
    }
    System.arraycopy(sortedNames, 0, names, 0, count);
    System.arraycopy(sortedValues, 0, values, 0, count);
  }

  /**
   * The labels as an immutable set; call after {@link #sortByName()}. Lines with the same label
   * names get one names array: sanitising and checking then treat them as one.
   */
  Labels toLabels() {
    if (count == 0) {
      return Labels.EMPTY;
    }
    if (!sameNames(lastNames)) {
      lastNames = Arrays.copyOf(names, count);
    }
    return Labels.wrap(lastNames, Arrays.copyOf(values, count));
  }

  private boolean sameNames(String[] other) {
    return Arrays.equals(other, 0, other.length, names, 0, count);
  }
}
