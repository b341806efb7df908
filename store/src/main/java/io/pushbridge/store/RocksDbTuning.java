package io.pushbridge.store;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;

/**
 * RocksDB options chosen for how the store uses the database, every one set explicitly: memory
 * holds every group, so RocksDB is written on every push (whole groups, overwritten often) and
 * read only by the start-up scan. Writes must be cheap and bounded in memory; the scan must be
 * fast; point lookups do not matter.
 */
final class RocksDbTuning implements AutoCloseable {
  /**
   * Memtable of the groups: the largest native memory RocksDB holds for us (up to two: one being
   * written, one being flushed). 32 MiB holds some 25,000 pushes of 10 series before a flush.
   */
  static final long GROUPS_WRITE_BUFFER = 32L << 20;

  /** Offsets and meta: a few small entries. */
  static final long SMALL_WRITE_BUFFER = 1L << 20;

  /**
   * Log on disk and to replay after a crash. Offsets and meta are rarely flushed on their own, so
   * without this limit their entries would keep every log file alive.
   */
  static final long MAX_TOTAL_WAL = 64L << 20;

  /** Index blocks of the table files (no filters are built); data blocks bypass it, see scan. */
  static final long BLOCK_CACHE = 8L << 20;

  /** Groups are ~1 KiB; larger blocks compress better and halve the per-block work of a scan. */
  static final int BLOCK_SIZE = 16 << 10;

  private final LRUCache cache = new LRUCache(BLOCK_CACHE);
  final ColumnFamilyOptions groups;
  final ColumnFamilyOptions small;

  RocksDbTuning() {
    groups = columnFamily(GROUPS_WRITE_BUFFER);
    small = columnFamily(SMALL_WRITE_BUFFER);
  }

  /**
   * Two background jobs (flush and compaction) beside the writer thread; after a crash the
   * replayed log stays in memtables instead of being written to a table file before open returns;
   * RocksDB's own LOG files are kept to a few.
   *
   * <p>With {@code sync} {@link SyncMode#ALWAYS}, a log file no longer needed is reused rather than
   * deleted: appending to a new file grows it,
   * and every sync must then also commit the file's new size to the file system's journal;
   * overwriting a used file syncs the data alone. Measured on this machine's ext4, a 4 KB write and
   * {@code fdatasync}: 0.12 ms and 30-33 µs of the process's CPU against 0.18 ms and 43 µs when
   * appending; durable 10-series pushes at 1M stored series, 16.3-17.1 µs of CPU per push against
   * 18.2-18.7. The price is disk: up to two logs of a memtable's size stay in the directory.
   * RocksDB marks records of reused files with the file's number, so the tail of an earlier life is
   * not replayed after a crash (kill -9 tested). Without syncs there is nothing to gain, and after a
   * power loss unsynced reused logs are where RocksDB has had recovery bugs (a hole rather than a
   * lost tail: facebook/rocksdb#12403, #12918), so they are not reused then.
   */
  static DBOptions dbOptions(SyncMode sync) {
    return new DBOptions()
        .setMaxBackgroundJobs(2)
        .setMaxTotalWalSize(MAX_TOTAL_WAL)
        .setAvoidFlushDuringRecovery(true)
        .setKeepLogFileNum(3)
        .setRecycleLogFileNum(sync == SyncMode.ALWAYS ? 1 : 0);
  }

  /**
   * LZ4: sample lines compress several times over and LZ4 decompresses at GB/s, so the start-up
   * scan is not bound by it. No bloom filter: the store never looks a group up by key.
   */
  private ColumnFamilyOptions columnFamily(long writeBuffer) {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setBlockSize(BLOCK_SIZE)
            .setCacheIndexAndFilterBlocks(true)
            .setFilterPolicy(null);
    return new ColumnFamilyOptions()
        .setWriteBufferSize(writeBuffer)
        .setMaxWriteBufferNumber(2)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true)
        .setTableFormatConfig(table);
  }

  @Override
  public void close() {
    groups.close();
    small.close();
    cache.close();
  }
}
