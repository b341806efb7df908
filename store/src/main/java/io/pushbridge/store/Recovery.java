package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilding memory from RocksDB at start-up: one sequential scan of the groups and one of the
 * offsets. Anything unreadable fails the start; the store never silently starts with less.
 */
final class Recovery {
  private Recovery() {}

  /** Records decoded together: decoding (rendering, hashing) is spread over the cores. */
  private static final int DECODE_BATCH = 4096;

  static void loadGroups(RocksDbAccess db, StoreState state) {
    List<byte[][]> pending = new ArrayList<>(DECODE_BATCH);
    db.scan(
        RocksDbAccess.Cf.GROUPS,
        (key, value) -> {
          pending.add(new byte[][] {key, value});
          if (pending.size() == DECODE_BATCH) {
            decodeInto(db, pending, state);
          }
        });
    decodeInto(db, pending, state);
  }

  private static void decodeInto(RocksDbAccess db, List<byte[][]> records, StoreState state) {
    List<GroupState> groups = records.parallelStream().map(r -> decode(db, r[0], r[1])).toList();
    groups.forEach(state::load);
    records.clear();
  }

  private static GroupState decode(RocksDbAccess db, byte[] key, byte[] value) {
    GroupingKey groupingKey;
    try {
      groupingKey = GroupingKey.fromBytes(key);
    } catch (IllegalArgumentException e) {
      throw corrupt(db, "unreadable group key " + printable(key), e);
    }
    try {
      return GroupState.decode(groupingKey, value);
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
