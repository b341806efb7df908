package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The groups that have a deadline, by deadline: the writer finds what is due without looking at
 * groups that never expire. Owned by the writer thread.
 */
final class ExpiryIndex {
  private record Entry(long deadlineNanos, GroupingKey key) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::deadlineNanos).thenComparing(Entry::key);

  private final TreeSet<Entry> entries = new TreeSet<>(ORDER);

  void add(GroupingKey key, long deadlineNanos) {
    entries.add(new Entry(deadlineNanos, key));
  }

  void remove(GroupingKey key, long deadlineNanos) {
    entries.remove(new Entry(deadlineNanos, key));
  }

  /** The groups whose deadline is at or before {@code nowNanos}, earliest first. */
  List<GroupingKey> due(long nowNanos) {
    List<GroupingKey> due = new ArrayList<>();
    for (Entry e : entries) {
      if (e.deadlineNanos > nowNanos) {
        break;
      }
      due.add(e.key);
    }
    return due;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when no group has one. */
  long next() {
    return entries.isEmpty() ? Long.MAX_VALUE : entries.first().deadlineNanos;
  }
}
