package io.pushbridge.store;

/**
 * Figures for the gateway's own metrics and health.
 *
 * @param lastBatchNanos how long the last write batch took, from the first request taken to
 *     publication
 * @param lastSyncNanos how long its RocksDB write took (the WAL sync included when syncing)
 * @param failedWrites batches RocksDB refused to write since the store opened
 * @param writeFailure why the last batch could not be written, or null when it was written: RocksDB
 *     refuses every write after such a failure until the store is opened again
 */
public record StoreStats(
    long groups,
    long series,
    int queueDepth,
    long lastBatchNanos,
    long lastSyncNanos,
    long failedWrites,
    String writeFailure) {}
