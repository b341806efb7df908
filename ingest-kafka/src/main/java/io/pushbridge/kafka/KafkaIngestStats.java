package io.pushbridge.kafka;

/**
 * What the ingest has done since it started.
 *
 * @param consumed records taken from Kafka (a record consumed again after a rebalance or a store
 *     failure counts again)
 * @param applied pushes the store acknowledged (durable and visible)
 * @param deadLettered records published to the dead-letter topic: undecodable, or refused by the
 *     store's checks
 * @param lastRecordTimestampMs the timestamp of the last record consumed; -1 before the first
 */
public record KafkaIngestStats(
    long consumed, long applied, long deadLettered, long lastRecordTimestampMs) {}
