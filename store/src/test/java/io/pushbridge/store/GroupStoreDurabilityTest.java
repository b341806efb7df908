package io.pushbridge.store;

import static io.pushbridge.store.Pushes.at;
import static io.pushbridge.store.Pushes.delete;
import static io.pushbridge.store.Pushes.key;
import static io.pushbridge.store.Pushes.post;
import static io.pushbridge.store.Pushes.put;
import static io.pushbridge.store.Pushes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.InconsistentMetricsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart, and which directories the store refuses to open. */
class GroupStoreDurabilityTest {
  @TempDir Path dir;

  private static final SourcePartition P0 = new SourcePartition("pushes", 0);
  private static final SourcePartition P1 = new SourcePartition("pushes", 1);

  @Test
  void restartRestoresGroupsSnapshotAndOffsets() throws Exception {
    String text;
    List<GroupView> groups;
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "# HELP m help a\n# TYPE m counter\nm{x=\"1\"} 1\nm{x=\"2\"} 2\n", at(0)));
      store.submit(post("job/a", "n 3\n", at(1)), new SourceOffset(P0, 41)).get();
      store.submit(put("job/b/instance/i", "# TYPE s summary\ns_sum 1\ns_count 2\n", at(2)), new SourceOffset(P1, 7)).get();
      store.submit(delete("job/gone", at(3)), new SourceOffset(P0, 42)).get();
      assertThrows(
          InconsistentMetricsException.class, () -> store.apply(put("job/c", "m 1\n", at(4))));
      text = scrape(store.snapshot());
      groups = store.groups();
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(text, scrape(store.snapshot()));
      assertEquals(groups, store.groups());
      assertEquals(Map.of(P0, 43L, P1, 8L), store.storedOffsets());
      assertEquals(3, store.stats().groups());
      assertEquals(10, store.stats().series());
      InconsistentMetricsException e =
          assertThrows(
              InconsistentMetricsException.class,
              () -> store.apply(put("job/a/x/1", "# TYPE m counter\nm 1\n", at(5))));
      assertTrue(e.detail().contains("was collected before"), e.detail());
      store.apply(put("job/a", "# TYPE m gauge\nm 1\n", at(6)));
    }
  }

  @Test
  void inMemoryStoreAppliesAndForgetsOnClose() {
    try (GroupStore store = GroupStore.open(Pushes.memory())) {
      store.apply(put("job/a", "m 1\n", at(0)));
      assertEquals(1, store.groups().size());
    }
    try (GroupStore store = GroupStore.open(Pushes.memory())) {
      assertEquals(List.of(), store.groups());
    }
  }

  @Test
  void refusesNonEmptyDirectoryWithoutDatabase() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("holds no RocksDB database"), e.getMessage());
  }

  @Test
  void refusesFileInsteadOfDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(file)));
    assertTrue(e.getMessage().contains(file + ": not a directory"), e.getMessage());
  }

  @Test
  void refusesForeignRocksDbDatabase() throws Exception {
    try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, dir.toString())) {
      db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
    }
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a Pushbridge store"), e.getMessage());
  }

  @Test
  void refusesStoreOfNewerFormat() {
    GroupStore.open(StoreConfig.of(dir)).close();
    try (RocksDbAccess db = RocksDbAccess.open(dir)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(
          RocksDbAccess.Cf.META,
          "format".getBytes(StandardCharsets.US_ASCII),
          ByteBuffer.allocate(4).putInt(StoreMeta.FORMAT_VERSION + 1).array());
      db.write(batch, true);
    }
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("store format " + (StoreMeta.FORMAT_VERSION + 1) + " by a newer Pushbridge"),
        e.getMessage());
  }

  @Test
  void refusesCorruptGroupRecord() {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "m 1\n", at(0)));
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes(), new byte[] {1, 0, 0, 7});
      db.write(batch, true);
    }
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("group {job=\"a\"} is corrupt"), e.getMessage());
  }

  @Test
  void refusesDatabaseWithDamagedFiles() throws IOException {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "m 1\n", at(0)));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path manifest : files.filter(p -> p.getFileName().toString().startsWith("MANIFEST")).toList()) {
        Files.write(manifest, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().startsWith("cannot open the store in " + dir + ": "), e.getMessage());
  }

  @Test
  void closedStoreRefusesWrites() {
    GroupStore store = GroupStore.open(StoreConfig.of(dir));
    store.close();
    StoreFailureException e =
        assertThrows(StoreFailureException.class, () -> store.apply(put("job/a", "m 1\n", at(0))));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void closeAppliesEverythingQueued() throws Exception {
    GroupStore store = GroupStore.open(StoreConfig.of(dir));
    var futures =
        Stream.of("a", "b", "c").map(j -> store.submit(put("job/" + j, "m 1\n", at(0)))).toList();
    store.close();
    for (var f : futures) {
      f.get();
    }
    try (GroupStore reopened = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(3, reopened.groups().size());
    }
  }
}
