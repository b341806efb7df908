package io.pushbridge.kafka;

import io.pushbridge.store.SourcePartition;
import java.util.Map;

/**
 * What the ingest has done since it started, for the gateway's self-metrics. Read from any thread;
 * each figure is current, the set is not one atomic cut.
 *
 * @param consumed records taken from Kafka (a record read again after a rebalance or a store
 *     failure counts again)
 * @param applied pushes and deletes the store acknowledged (durable and visible)
 * @param deadLettered records published to the dead-letter topic: undecodable, or refused by the
 *     store's checks
 * @param storeFullPauses how often the store's full write queue paused consumption
 * @param skipped records deleted from Kafka (retention, {@code kafka-delete-records}) after the
 *     store's offset and before this gateway read them: lost for good, so counted and logged
 * @param lag per assigned partition, the records after the store's next offset up to the end of
 *     the partition as last fetched (before anything is stored for a partition: after the
 *     consumer's position); absent until the partition's first fetch
 * @param lastRecordTimestampMs the timestamp (push time) of the last record consumed; -1 before
 *     the first
 * @param lastConsumedAtMs when the last record was consumed, epoch milliseconds of this clock; -1
 *     before the first
 */
public record KafkaIngestStats(
    long consumed,
    long applied,
    long deadLettered,
    long storeFullPauses,
    long skipped,
    Map<SourcePartition, Long> lag,
    long lastRecordTimestampMs,
    long lastConsumedAtMs) {

  public KafkaIngestStats {
    lag = Map.copyOf(lag);
  }
}
