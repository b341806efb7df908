package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbAccessTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every group written {@code times} times over, each round flushed to its own level-0 file. */
  private static void rewriteGroups(RocksDbAccess db, int groups, int times) {
    for (int round = 0; round < times; round++) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      for (int g = 0; g < groups; g++) {
        batch.put(RocksDbAccess.Cf.GROUPS, bytes(String.format("group-%05d", g)), bytes("v" + round + "-" + g));
      }
      db.write(batch, false);
      db.flush();
    }
  }

  @Test
  void aPendingCompactionIsDoneBeforeCloseLeavingOneRunOfTheLatestVersions() {
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      rewriteGroups(db, 20_000, 4);
      db.compactGroupsIfPending();
      assertEquals(0, db.groupFilesAtLevel0());
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      assertEquals(0, db.groupFilesAtLevel0());
      List<byte[]> values = new ArrayList<>();
      db.scan(RocksDbAccess.Cf.GROUPS, (k, v) -> values.add(v));
      assertEquals(20_000, values.size());
      assertArrayEquals(bytes("v3-0"), values.get(0));
      assertArrayEquals(bytes("v3-19999"), values.get(19_999));
    }
  }

  @Test
  void reusesLogFilesOnlyWhenWritesAreSynced() throws IOException {
    Path synced = dir.resolve("synced");
    Path unsynced = dir.resolve("unsynced");
    try (RocksDbAccess db = RocksDbAccess.open(synced, SyncMode.ALWAYS)) {
      rewriteGroups(db, 100, 4);
    }
    try (RocksDbAccess db = RocksDbAccess.open(unsynced, SyncMode.NONE)) {
      rewriteGroups(db, 100, 4);
    }
    assertTrue(Files.readString(synced.resolve("LOG")).contains("reusing log"));
    assertFalse(Files.readString(unsynced.resolve("LOG")).contains("reusing log"));
  }

  @Test
  void withoutAPendingCompactionTheFilesStayAsFlushed() {
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      rewriteGroups(db, 100, 2);
      db.compactGroupsIfPending();
      assertEquals(2, db.groupFilesAtLevel0());
    }
  }
}
