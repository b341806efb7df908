package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rebuilding memory from RocksDB at start-up: one sequential scan of the groups and one of the
 * offsets. Anything unreadable fails the start; the store never silently starts with less.
 */
final class Recovery {
  private Recovery() {}

  /** Records decoded together, as one task of the decoding threads. */
  private static final int DECODE_BATCH = 2048;

  /**
   * Decodes and adds every group in scan order. With one core this thread decodes as it scans: a
   * decoding thread would only take turns with it, and the value array is reused from group to
   * group. With more, other threads decode while this one scans and adds.
   */
  static void loadGroups(RocksDbAccess db, StoreState state) {
    loadGroups(db, state, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #loadGroups(RocksDbAccess, StoreState)} with {@code threads} cores. */
  static void loadGroups(RocksDbAccess db, StoreState state, int threads) {
    if (threads == 1) {
      GroupingKey.Decoder keys = new GroupingKey.Decoder();
      StringPool strings = new StringPool();
      db.scanReusing(
          RocksDbAccess.Cf.GROUPS,
          (key, value, length) -> state.load(decode(db, keys, key, value, length, strings)));
    } else {
      loadGroupsInParallel(db, state, threads);
    }
  }

  /**
   * Scans on this thread while other threads decode (parse keys, read slices); this thread adds
   * the decoded groups to the state in scan order as they come back. Batches in flight are
   * bounded, so memory holds a few batches at most.
   */
  private static void loadGroupsInParallel(RocksDbAccess db, StoreState state, int threads) {
    ExecutorService decoders =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "pushbridge-store-recovery");
              t.setDaemon(true);
              return t;
            });
    try {
      // A pool per decoding thread: each name and help is then held once per thread at most.
      ThreadLocal<StringPool> pools = ThreadLocal.withInitial(StringPool::new);
      ArrayDeque<Future<List<GroupState>>> inFlight = new ArrayDeque<>();
      List<byte[][]> pending = new ArrayList<>(DECODE_BATCH);
      db.scanReusing(
          RocksDbAccess.Cf.GROUPS,
          (key, value, length) -> {
            pending.add(new byte[][] {key, Arrays.copyOf(value, length)});
            if (pending.size() == DECODE_BATCH) {
              List<byte[][]> batch = List.copyOf(pending);
              pending.clear();
              inFlight.add(decoders.submit(() -> decodeAll(db, batch, pools.get())));
              while (!inFlight.isEmpty()
                  && (inFlight.peek().isDone() || inFlight.size() > 2 * threads)) {
                await(inFlight.poll()).forEach(state::load);
              }
            }
          });
      inFlight.add(CompletableFuture.completedFuture(decodeAll(db, pending, new StringPool())));
      while (!inFlight.isEmpty()) {
        await(inFlight.poll()).forEach(state::load);
      }
    } finally {
      decoders.shutdownNow();
    }
  }

  private static List<GroupState> decodeAll(
      RocksDbAccess db, List<byte[][]> records, StringPool strings) {
    GroupingKey.Decoder keys = new GroupingKey.Decoder();
    List<GroupState> groups = new ArrayList<>(records.size());
    for (byte[][] r : records) {
      groups.add(decode(db, keys, r[0], r[1], r[1].length, strings));
    }
    return groups;
  }

  private static <T> T await(Future<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code key}: a new array, which the group's key keeps. */
  private static GroupState decode(
      RocksDbAccess db,
      GroupingKey.Decoder keys,
      byte[] key,
      byte[] value,
      int length,
      StringPool strings) {
    GroupingKey groupingKey;
    try {
      groupingKey = keys.decode(key);
    } catch (IllegalArgumentException e) {
      throw corrupt(db, "unreadable group key " + printable(key), e);
    }
    try {
      return GroupState.decode(groupingKey, value, length, strings);
    } catch (GroupState.NewerFormatException e) {
      throw new StoreOpenException(
          "cannot open the store in " + db.location() + ": group " + groupingKey + ": "
              + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw corrupt(db, "group " + groupingKey + " is corrupt: " + e.getMessage(), e);
    }
  }

  static Map<SourcePartition, Long> loadOffsets(RocksDbAccess db) {
    Map<SourcePartition, Long> offsets = new HashMap<>();
    db.scan(
        RocksDbAccess.Cf.OFFSETS,
        (key, value) -> {
          if (key.length < 5 || value.length != 8) {
            throw corrupt(db, "unreadable offset record " + printable(key), null);
          }
          String topic = new String(key, 0, key.length - 4, StandardCharsets.UTF_8);
          int partition = ByteBuffer.wrap(key, key.length - 4, 4).getInt();
          offsets.put(new SourcePartition(topic, partition), ByteBuffer.wrap(value).getLong());
        });
    return offsets;
  }

  /** Topic bytes then the partition as 4 bytes: one key per topic-partition. */
  static byte[] offsetKey(SourcePartition p) {
    byte[] topic = p.topic().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(topic.length + 4).put(topic).putInt(p.partition()).array();
  }

  static byte[] offsetValue(long next) {
    return ByteBuffer.allocate(8).putLong(next).array();
  }

  private static StoreOpenException corrupt(RocksDbAccess db, String what, Exception cause) {
    return new StoreOpenException("cannot open the store in " + db.location() + ": " + what, cause);
  }

  private static String printable(byte[] key) {
    StringBuilder sb = new StringBuilder();
    for (byte b : key) {
      int c = b & 0xFF;
      if (c >= 0x20 && c < 0x7F) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
