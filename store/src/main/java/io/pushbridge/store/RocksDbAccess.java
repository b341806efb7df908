package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksMemEnv;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store's RocksDB database, bytes in and bytes out. Every RocksDB failure leaves here as a
 * {@link StoreFailureException} (or {@link StoreOpenException} while opening) naming the operation
 * and the path; every native object is closed.
 */
final class RocksDbAccess implements AutoCloseable {

  /** The column families besides RocksDB's default one. */
  enum Cf {
    GROUPS("groups"),
    OFFSETS("offsets"),
    META("meta");

    private final String rocksName;

    Cf(String rocksName) {
      this.rocksName = rocksName;
    }

    byte[] rocksName() {
      return rocksName.getBytes(StandardCharsets.UTF_8);
    }
  }

  static {
    RocksDB.loadLibrary();
  }

  private static final String IN_MEMORY_PATH = "/pushbridge-in-memory";

  private final String location;
  private final Env env;
  private final DBOptions dbOptions;
  private final RocksDbTuning tuning;
  private final List<ColumnFamilyHandle> handles;
  private final EnumMap<Cf, ColumnFamilyHandle> byCf = new EnumMap<>(Cf.class);
  private final RocksDB db;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;

  /** The size the buffers of {@link #write} start at. */
  private static final int DIRECT_SIZE = 64 << 10;

  /** Buffers that grew larger for a large group or batch are dropped after it. */
  private static final int RETAINED = 1 << 20;

  private WriteBatch writeBatch = new WriteBatch();
  private ByteArrayBuilder scratch = new ByteArrayBuilder(DIRECT_SIZE);
  private ByteBuffer direct = ByteBuffer.allocateDirect(DIRECT_SIZE);
  private ByteBuffer directKey = direct.duplicate();
  private ByteBuffer directValue = direct.duplicate();

  private RocksDbAccess(
      String location,
      Env env,
      DBOptions dbOptions,
      RocksDbTuning tuning,
      List<ColumnFamilyHandle> handles,
      RocksDB db) {
    this.location = location;
    this.env = env;
    this.dbOptions = dbOptions;
    this.tuning = tuning;
    this.handles = handles;
    int i = 1;
    for (Cf cf : Cf.values()) {
      byCf.put(cf, handles.get(i++));
    }
    this.db = db;
    this.syncWrite = new WriteOptions().setSync(true);
    this.asyncWrite = new WriteOptions().setSync(false);
  }

  /**
   * Opens (creating when absent or empty) the database in {@code directory}, or a fresh in-memory
   * one when it is null. A non-empty directory that is no RocksDB database, or one without our
   * column families, is refused: it is someone else's data. {@code sync} is how the store will
   * write, which decides whether RocksDB reuses log files ({@link RocksDbTuning#dbOptions}).
   */
  static RocksDbAccess open(Path directory, SyncMode sync) {
    String location = directory == null ? "in-memory store" : directory.toString();
    if (directory != null) {
      checkDirectory(directory);
    }
    Env env = directory == null ? new RocksMemEnv(Env.getDefault()) : null;
    String path = directory == null ? IN_MEMORY_PATH : directory.toString();
    boolean fresh = directory == null || isEmptyOrAbsent(directory);
    DBOptions dbOptions = RocksDbTuning.dbOptions(sync).setCreateIfMissing(fresh).setCreateMissingColumnFamilies(fresh);
    if (env != null) {
      dbOptions.setEnv(env);
    }
    RocksDbTuning tuning = new RocksDbTuning();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.small));
    for (Cf cf : Cf.values()) {
      descriptors.add(
          new ColumnFamilyDescriptor(cf.rocksName(), cf == Cf.GROUPS ? tuning.groups : tuning.small));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      if (!fresh) {
        checkColumnFamilies(path, location);
      }
      RocksDB db = RocksDB.open(dbOptions, path, descriptors, handles);
      return new RocksDbAccess(location, env, dbOptions, tuning, handles, db);
    } catch (RocksDBException | StoreOpenException e) {
      handles.forEach(ColumnFamilyHandle::close);
      tuning.close();
      dbOptions.close();
      if (env != null) {
        env.close();
      }
      if (e instanceof StoreOpenException open) {
        throw open;
      }
      throw new StoreOpenException(
          "cannot open the store in " + location + ": " + e.getMessage(), e);
    }
  }

  private static void checkDirectory(Path directory) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new StoreOpenException("cannot open the store in " + directory + ": not a directory but a file;"
          + " the store is a RocksDB database in a directory of its own (an upstream Pushgateway's"
          + " persistence file cannot be read)");
    }
    if (!isEmptyOrAbsent(directory) && !Files.exists(directory.resolve("CURRENT"))) {
      throw new StoreOpenException(
          "cannot open the store in "
              + directory
              + ": the directory is not empty and holds no RocksDB database;"
              + " refusing to write into someone else's files");
    }
  }

  private static boolean isEmptyOrAbsent(Path directory) {
    if (!Files.exists(directory)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new StoreOpenException("cannot open the store in " + directory + ": " + e, e);
    }
  }

  private static void checkColumnFamilies(String path, String location) throws RocksDBException {
    List<byte[]> existing;
    try (Options options = new Options()) {
      existing = RocksDB.listColumnFamilies(options, path);
    }
    for (Cf cf : Cf.values()) {
      if (existing.stream().noneMatch(name -> Arrays.equals(name, cf.rocksName()))) {
        throw new StoreOpenException(
            "cannot open the store in "
                + location
                + ": a RocksDB database without column family '"
                + cf.rocksName
                + "', not a Pushbridge store");
      }
    }
  }

  String location() {
    return location;
  }

  private ColumnFamilyHandle handle(Cf cf) {
    return byCf.get(cf);
  }

  byte[] get(Cf cf, byte[] key) {
    try {
      return db.get(handle(cf), key);
    } catch (RocksDBException e) {
      throw failure("read of " + cf.name().toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  /**
   * Every entry of {@code cf} in key order. A scan reads everything once: its blocks would only
   * evict others from the block cache, and reading ahead turns it into large sequential reads.
   */
  void scan(Cf cf, BiConsumer<byte[], byte[]> consumer) {
    try (ReadOptions once = new ReadOptions().setFillCache(false).setReadaheadSize(2 << 20);
        RocksIterator it = db.newIterator(handle(cf), once)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        consumer.accept(it.key(), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan of " + cf.name().toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  /** A visitor of entries whose value array is reused: it is valid only during the call. */
  interface EntryVisitor {
    void accept(byte[] key, byte[] value, int valueLength);
  }

  /**
   * As {@link #scan(Cf, BiConsumer)}, each value copied into one reused array instead of a new one
   * per entry: a start-up scan then allocates no garbage for the values it decodes at once.
   */
  void scanReusing(Cf cf, EntryVisitor visitor) {
    try (ReadOptions once = new ReadOptions().setFillCache(false).setReadaheadSize(2 << 20);
        RocksIterator it = db.newIterator(handle(cf), once)) {
      ByteBuffer direct = ByteBuffer.allocateDirect(64 << 10);
      byte[] value = new byte[direct.capacity()];
      for (it.seekToFirst(); it.isValid(); it.next()) {
        direct.clear();
        int length = it.value(direct);
        if (length > direct.capacity()) {
          direct = ByteBuffer.allocateDirect(Math.max(length, 2 * direct.capacity()));
          value = new byte[direct.capacity()];
          it.value(direct);
        }
        direct.get(value, 0, length);
        visitor.accept(it.key(), value, length);
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan of " + cf.name().toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  /**
   * Writes puts (value non-null) and deletes (value null) atomically. Synchronized because the
   * native batch and the buffers are reused: the store writes from one thread at a time.
   */
  synchronized void write(Batch batch, boolean sync) {
    WriteBatch wb = writeBatch;
    wb.clear();
    try {
      for (int i = 0; i < batch.size; i++) {
        ColumnFamilyHandle h = handle(batch.cfs[i]);
        Object value = batch.values[i];
        if (value == null) {
          wb.delete(h, batch.keys[i]);
        } else if (value instanceof byte[] bytes) {
          wb.put(h, batch.keys[i], bytes);
        } else {
          putEncoded(wb, h, batch.keys[i], (Value) value);
        }
      }
      db.write(sync ? syncWrite : asyncWrite, wb);
    } catch (RocksDBException e) {
      throw failure("write of " + batch.size + " entries", e);
    } finally {
      if (wb.getDataSize() > RETAINED) {
        wb.close();
        writeBatch = new WriteBatch();
      }
    }
  }

  /**
   * Encodes {@code value} behind its key into the scratch array and hands both to the batch from
   * a direct buffer: no array per value, and no array for the JNI call to copy and release.
   */
  private void putEncoded(WriteBatch wb, ColumnFamilyHandle h, byte[] key, Value value)
      throws RocksDBException {
    ByteArrayBuilder out = scratch;
    out.reset();
    out.append(key);
    value.writeTo(out);
    int length = out.size();
    if (out.array().length > RETAINED) {
      scratch = new ByteArrayBuilder(DIRECT_SIZE);
    }
    if (length > direct.capacity()) {
      if (length > RETAINED) {
        ByteBuffer once = ByteBuffer.allocateDirect(length).put(out.array(), 0, length);
        wb.put(h, once.duplicate().clear().limit(key.length), once.clear().position(key.length));
        return;
      }
      direct = ByteBuffer.allocateDirect(Math.max(length, 2 * direct.capacity()));
      directKey = direct.duplicate();
      directValue = direct.duplicate();
    }
    direct.clear();
    direct.put(out.array(), 0, length);
    directKey.clear().limit(key.length);
    directValue.clear().limit(length).position(key.length);
    wb.put(h, directKey, directValue);
  }

  private StoreFailureException failure(String operation, RocksDBException e) {
    return new StoreFailureException(operation + " on " + location + ": " + e.getMessage(), e);
  }

  /**
   * Writes the memtables to table files, so that the next open has no log to replay and starts
   * reading at once. The log already made the data durable.
   */
  void flush() {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      db.flush(wait, handles);
    } catch (RocksDBException e) {
      throw failure("flush", e);
    }
  }

  /**
   * Compacts the groups now when RocksDB has a compaction pending or running, as it has after
   * pushes rewrote the groups several times over: closing would cancel it, and the next start
   * would merge the overlapping files, overwritten versions and all, while RocksDB compacts them
   * again beside the scan. Both on the start's time; here they are on the shutdown's.
   */
  void compactGroupsIfPending() {
    ColumnFamilyHandle groups = handle(Cf.GROUPS);
    try {
      if (db.getLongProperty(groups, "rocksdb.compaction-pending") > 0
          || db.getLongProperty("rocksdb.num-running-compactions") > 0) {
        db.compactRange(groups);
      }
    } catch (RocksDBException e) {
      throw failure("compaction", e);
    }
  }

  /** The number of the groups' table files in level 0, which a scan merges. */
  long groupFilesAtLevel0() {
    try {
      return Long.parseLong(db.getProperty(handle(Cf.GROUPS), "rocksdb.num-files-at-level0").trim());
    } catch (RocksDBException e) {
      throw failure("read of a property", e);
    }
  }

  @Override
  public void close() {
    writeBatch.close();
    syncWrite.close();
    asyncWrite.close();
    handles.forEach(ColumnFamilyHandle::close);
    try {
      db.closeE();
    } catch (RocksDBException e) {
      throw failure("close", e);
    } finally {
      tuning.close();
      dbOptions.close();
      if (env != null) {
        env.close();
      }
    }
  }

  /** A value that writes its bytes when its batch is written, rather than into an array of its own. */
  interface Value {
    void writeTo(ByteArrayBuilder out);
  }

  /** The entries of one atomic write, collected before RocksDB sees them. */
  static final class Batch {
    private Cf[] cfs = new Cf[16];
    private byte[][] keys = new byte[16][];
    /** byte[], {@link Value}, or null for a delete. */
    private Object[] values = new Object[16];
    private int size;

    void put(Cf cf, byte[] key, byte[] value) {
      add(cf, key, value);
    }

    void put(Cf cf, byte[] key, Value value) {
      add(cf, key, value);
    }

    void delete(Cf cf, byte[] key) {
      add(cf, key, null);
    }

    int size() {
      return size;
    }

    void clear() {
      Arrays.fill(keys, 0, size, null);
      Arrays.fill(values, 0, size, null);
      size = 0;
    }

    private void add(Cf cf, byte[] key, Object value) {
      if (size == keys.length) {
        cfs = Arrays.copyOf(cfs, size * 2);
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      cfs[size] = cf;
      keys[size] = key;
      values[size] = value;
      size++;
    }
  }
}
