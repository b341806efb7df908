package io.pushbridge.kafka;

import io.pushbridge.store.SourcePartition;
import java.util.Collection;
import java.util.Map;

/**
 * How far, in record time, the ingest has read: the store's expiry horizon. A group's deadline
 * is a record timestamp plus its TTL, and a record not read yet may renew it; so a deadline is
 * acted on only once every assigned partition has been read past it.
 *
 * <p>A partition caught up (the consumer's position at its end as of the last fetch, and every
 * record taken from it stored) holds nothing back. The consumer's position, not the store's next
 * offset: after a transaction's last record the partition ends with its commit marker, which the
 * consumer steps over and the store never sees. A partition behind holds the
 * horizon at the timestamp of the last record whose offset the store has stored, or entirely
 * while none has been stored since the start. The last record, not the latest timestamp: records
 * are not ordered by timestamp (each producer stamps its own, from its own clock), and one stamped
 * ahead would otherwise release every deadline up to its stamp for the rest of a replay; with the
 * last one it does so only until the next record is stored.
 */
final class ReadHorizon {
  private ReadHorizon() {}

  /** The last record of a partition whose offset the store has stored; timestamp -1: none. */
  record Stored(long offset, long timestampMs) {}

  /**
   * The horizon, Unix nanoseconds: {@link Long#MAX_VALUE} when every partition is caught up,
   * {@link Long#MIN_VALUE} when one is behind with nothing stored yet, and when none is assigned:
   * before the first assignment, and while a rebalance has taken them away, nothing is known of
   * what is left to read.
   *
   * @param assignment the partitions assigned to the consumer
   * @param unread per partition, the consumer's lag: offsets after its position up to the end as
   *     last fetched; absent: not known yet
   * @param lastTaken per partition, the offset of the last record taken from Kafka
   * @param lastStored per partition, the last record the store has stored the offset of
   */
  static long nanos(
      Collection<SourcePartition> assignment,
      Map<SourcePartition, Long> unread,
      Map<SourcePartition, Long> lastTaken,
      Map<SourcePartition, Stored> lastStored) {
    if (assignment.isEmpty()) {
      return Long.MIN_VALUE;
    }
    long horizon = Long.MAX_VALUE;
    for (SourcePartition p : assignment) {
      Stored stored = lastStored.get(p);
      Long taken = lastTaken.get(p);
      boolean allTakenStored = taken == null || (stored != null && stored.offset() >= taken);
      if (allTakenStored && Long.valueOf(0).equals(unread.get(p))) {
        continue;
      }
      horizon = Math.min(horizon, behindAt(stored));
    }
    return horizon;
  }

  /** The horizon a partition behind holds, given its last stored record (null: none). */
  static long behindAt(Stored stored) {
    return stored == null ? Long.MIN_VALUE : timestampNanos(stored.timestampMs());
  }

  /**
   * A record timestamp in Unix nanoseconds; none ({@code -1}) holds everything back. Producers may
   * stamp any time, also one past the year 2262 that nanoseconds cannot hold: such a record (its
   * push dead-lettered) counts as read up to the end of time, not as a wrapped-around number.
   */
  private static long timestampNanos(long timestampMs) {
    if (timestampMs < 0) {
      return Long.MIN_VALUE;
    }
    return timestampMs > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : timestampMs * 1_000_000L;
  }
}
