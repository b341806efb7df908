package io.pushbridge.kafka;

import io.pushbridge.store.SourcePartition;
import java.util.Collection;
import java.util.Map;

/**
 * How far, in record time, the ingest has read: the store's expiry horizon. A group's deadline
 * is a record timestamp plus its TTL, and a record not read yet may renew it; so a deadline is
 * acted on only once every assigned partition has been read past it.
 *
 * <p>A partition caught up (no records after the store's offset as of the last fetch, and nothing
 * taken from it still on its way to the store) holds nothing back. A partition behind holds the
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
   * The horizon, Unix nanoseconds: {@link Long#MAX_VALUE} when every partition is caught up (or
   * none is assigned), {@link Long#MIN_VALUE} when one is behind with nothing stored yet.
   *
   * @param assignment the partitions assigned to the consumer
   * @param lag per partition, records after the store's offset up to the end as last fetched;
   *     absent: not known yet
   * @param lastTaken per partition, the offset of the last record taken from Kafka
   * @param lastStored per partition, the last record the store has stored the offset of
   */
  static long nanos(
      Collection<SourcePartition> assignment,
      Map<SourcePartition, Long> lag,
      Map<SourcePartition, Long> lastTaken,
      Map<SourcePartition, Stored> lastStored) {
    long horizon = Long.MAX_VALUE;
    for (SourcePartition p : assignment) {
      Stored stored = lastStored.get(p);
      Long taken = lastTaken.get(p);
      boolean allTakenStored = taken == null || (stored != null && stored.offset() >= taken);
      if (allTakenStored && Long.valueOf(0).equals(lag.get(p))) {
        continue;
      }
      long readUpTo =
          stored == null || stored.timestampMs() < 0 ? Long.MIN_VALUE : stored.timestampMs() * 1_000_000L;
      horizon = Math.min(horizon, readUpTo);
    }
    return horizon;
  }
}
