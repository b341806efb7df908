package io.pushbridge.store;

/**
 * Figures for the gateway's own metrics.
 *
 * @param lastBatchNanos how long the last write batch took, from the first request taken to
 *     publication
 * @param lastSyncNanos how long its RocksDB write took (the WAL sync included when syncing)
 */
public record StoreStats(
    long groups, long series, int queueDepth, long lastBatchNanos, long lastSyncNanos) {}
