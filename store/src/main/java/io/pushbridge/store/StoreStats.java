package io.pushbridge.store;

/**
 * Figures for the gateway's own metrics and health.
 *
 * @param lastBatchNanos how long the last write batch took, from the first request taken to
 *     publication
 * @param lastSyncNanos how long its RocksDB write took (the WAL sync included when syncing)
 * @param failedWrites batches the store failed to write since it opened
 * @param writeFailure why the last batch could not be written, or null when it was; a later
 *     written batch clears it, but after a hard error RocksDB refuses every write until the store
 *     is opened again
 */
public record StoreStats(
    long groups,
    long series,
    int queueDepth,
    long lastBatchNanos,
    long lastSyncNanos,
    long failedWrites,
    String writeFailure) {}
