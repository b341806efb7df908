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

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.NativeHistogram;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart, and which directories the store refuses to open. */
class GroupStoreDurabilityTest {
  @TempDir Path dir;

  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
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
  void nativeHistogramBucketsSurviveARestart() throws Exception {
    NativeHistogram natives = NativeHistogram.ofWireFields(new byte[] {0x28, 0x06, 0x38, 0x01});
    MetricFamily pushed = new MetricFamily("h", null, MetricType.HISTOGRAM, List.of(new Metric.Histogram(
        Labels.EMPTY, 1, 0.5, List.of(), Metric.NO_TIMESTAMP, natives)));
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(new PushRequest(key("job/n"), PushMethod.PUT, List.of(pushed), at(0)));
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      Metric.Histogram stored = (Metric.Histogram) store.snapshot().families().get(0).toFamily().metrics().get(0);
      assertEquals(natives, stored.nativeHistogram());
      assertEquals(Labels.of("instance", "", "job", "n"), stored.labels());
    }
  }

  @Test
  void offsetOnlyWritesAdvanceThePartitionDurablyInOrderWithPushes() throws Exception {
    List<GroupView> groups;
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      var pushed = store.submit(put("job/a", "m 1\n", at(0)), new SourceOffset(P0, 5));
      var skipped = store.submitOffset(new SourceOffset(P0, 6));
      assertEquals(null, skipped.get());
      assertTrue(pushed.isDone(), "the push queued before the offset is written with or before it");
      store.submitOffset(new SourceOffset(P1, 0)).get();
      assertEquals(Map.of(P0, 7L, P1, 1L), store.storedOffsets());
      groups = store.groups();
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(Map.of(P0, 7L, P1, 1L), store.storedOffsets());
      assertEquals(groups, store.groups());
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
    assertTrue(e.getMessage().contains(file + ": not a directory but a file"), e.getMessage());
    assertTrue(e.getMessage().contains("persistence file cannot be read"), e.getMessage());
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
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
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
    assertTrue(e.getMessage().contains("store format " + (StoreMeta.FORMAT_VERSION + 1) + " by a newer Pushbridge"), e.getMessage());
  }

  @Test
  void readsGroupsOfStoreFormatsOneAndTwoAndMarksTheStoreAsNewer() {
    GroupStore.open(StoreConfig.of(dir)).close();
    MetricFamily family =
        new MetricFamily(
            "m",
            "help m",
            MetricType.COUNTER,
            List.of(new Metric.Scalar(Labels.of("instance", "", "job", "a", "x", "1"), 2)));
    byte[] encoded = FamilyCodec.encode(family, at(1));
    ByteArrayBuilder record = new ByteArrayBuilder();
    record.append((byte) 1);
    FamilyCodec.writeLong(record, at(1));
    FamilyCodec.writeLong(record, 0);
    FamilyCodec.writeVarint(record, 1);
    FamilyCodec.writeVarint(record, encoded.length);
    record.append(encoded);
    // Format 2: the same with a deadline after the failure time.
    MetricFamily other =
        new MetricFamily(
            "o", null, MetricType.GAUGE, List.of(new Metric.Scalar(Labels.of("instance", "", "job", "b"), 4)));
    byte[] otherEncoded = FamilyCodec.encode(other, at(1));
    ByteArrayBuilder withDeadline = new ByteArrayBuilder();
    withDeadline.append((byte) 2);
    FamilyCodec.writeLong(withDeadline, at(1));
    FamilyCodec.writeLong(withDeadline, 0);
    FamilyCodec.writeLong(withDeadline, at(100));
    FamilyCodec.writeVarint(withDeadline, 1);
    FamilyCodec.writeVarint(withDeadline, otherEncoded.length);
    withDeadline.append(otherEncoded);
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(RocksDbAccess.Cf.META, FORMAT_KEY, ByteBuffer.allocate(4).putInt(1).array());
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes(), record.toByteArray());
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/b").toBytes(), withDeadline.toByteArray());
      db.write(batch, true);
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(
          """
          # HELP m help m
          # TYPE m counter
          m{instance="",job="a",x="1"} 2
          # TYPE o gauge
          o{instance="",job="b"} 4
          # HELP push_expiry_time_seconds Unix time at which Pushbridge deletes this group unless \
          it is pushed again (TTL).
          # TYPE push_expiry_time_seconds gauge
          push_expiry_time_seconds{instance="",job="b"} 1.7000001e+09
          """,
          Pushes.scrapePushed(store.snapshot()));
      assertEquals(new StoredFamily(family, at(1)), store.groups().get(0).families().get(0));
      assertEquals(new StoredFamily(other, at(1)), store.groups().get(1).families().get(0));
      store.apply(post("job/a", "n 3\n", at(2)));
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      assertEquals(
          StoreMeta.FORMAT_VERSION, ByteBuffer.wrap(db.get(RocksDbAccess.Cf.META, FORMAT_KEY)).getInt());
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(
          """
          m{instance="",job="a",x="1"} 2
          n{instance="",job="a"} 3
          o{instance="",job="b"} 4
          """,
          Pushes.scrapePushed(store.snapshot()).replaceAll("#.*\n", "").replaceAll("push_expiry.*\n", ""));
      assertEquals(at(100), store.nextExpiryNanos());
    }
  }

  @Test
  void readsGroupsOfStoreFormatThreeRenderingTheirSyntheticFamilies() {
    GroupStore.open(StoreConfig.of(dir)).close();
    MetricFamily family =
        new MetricFamily(
            "m",
            "help m",
            MetricType.COUNTER,
            List.of(
                new Metric.Scalar(Labels.of("instance", "", "job", "a", "x", "1"), 2),
                new Metric.Scalar(Labels.of("instance", "", "job", "a", "x", "2"), 3)));
    ByteArrayBuilder record = new ByteArrayBuilder();
    record.append((byte) 3);
    FamilyCodec.writeLong(record, at(1));
    FamilyCodec.writeLong(record, at(2));
    FamilyCodec.writeLong(record, at(100));
    FamilyCodec.writeVarint(record, 1);
    Slice.Prepared.of(family, at(1)).toSlice().writeTo(record);
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(RocksDbAccess.Cf.META, FORMAT_KEY, ByteBuffer.allocate(4).putInt(3).array());
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes(), record.toByteArray());
      db.write(batch, true);
    }
    String expected =
        """
        # HELP m help m
        # TYPE m counter
        m{instance="",job="a",x="1"} 2
        m{instance="",job="a",x="2"} 3
        # HELP push_expiry_time_seconds Unix time at which Pushbridge deletes this group unless \
        it is pushed again (TTL).
        # TYPE push_expiry_time_seconds gauge
        push_expiry_time_seconds{instance="",job="a"} 1.7000001e+09
        # HELP push_failure_time_seconds Last Unix time when changing this group in the \
        Pushgateway failed.
        # TYPE push_failure_time_seconds gauge
        push_failure_time_seconds{instance="",job="a"} 1.700000002e+09
        # HELP push_time_seconds Last Unix time when changing this group in the Pushgateway \
        succeeded.
        # TYPE push_time_seconds gauge
        push_time_seconds{instance="",job="a"} 1.700000001e+09
        """;
    // Not yet due by this clock; the post keeps the deadline at 100.
    StoreConfig config =
        StoreConfig.of(dir).withClock(new SettableClock(at(0))).withDefaultTtl(Duration.ofSeconds(97));
    try (GroupStore store = GroupStore.open(config)) {
      assertEquals(expected, scrape(store.snapshot()));
      assertEquals(new StoredFamily(family, at(1)), store.groups().get(0).families().get(0));
      assertEquals(at(100), store.nextExpiryNanos());
      // Rewritten in the current format, which stores the synthetic lines.
      store.apply(post("job/a", "", at(3)));
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      assertEquals(
          GroupState.FORMAT_VERSION, db.get(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes())[0]);
    }
    try (GroupStore store = GroupStore.open(config)) {
      assertEquals(
          expected.replace("1.700000001e+09", "1.700000003e+09"), scrape(store.snapshot()));
    }
  }

  @Test
  void readsFormat4RecordWithSyntheticReceiveTimesFromTheirValues() {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "a 1\n", at(1)));
    }
    byte[] stored;
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      stored = db.get(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes());
    }
    ByteArrayBuilder pushed = new ByteArrayBuilder();
    GroupState.decode(key("job/a"), stored, new StringPool()).family("a").writeTo(pushed);
    // Format 4: the same record without the receive time after each synthetic line and hash.
    int at = 1 + 3 * 8 + 1 + pushed.size();
    ByteArrayBuilder format4 = new ByteArrayBuilder();
    format4.append((byte) 4);
    format4.append(stored, 1, at - 1);
    for (int synthetic = 0; synthetic < 2; synthetic++) {
      int lines = stored[at];
      assertTrue(lines > 0, "one-byte length of a synthetic line");
      format4.append(stored, at, 1 + lines + 8);
      at += 1 + lines + 8 + 8;
    }
    assertEquals(stored.length, at);
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes(), format4.toByteArray());
      db.write(batch, true);
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      Map<String, Long> received = new HashMap<>();
      store.groups().get(0).families().forEach(f -> received.put(f.family().name(), f.receiveTimeNanos()));
      assertEquals(Map.of("a", at(1), "push_time_seconds", at(1), "push_failure_time_seconds", 0L), received);
    }
  }

  @Test
  void refusesCurrentFormatRecordWithPushedFamiliesOutOfOrder() {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "a 1\nb 2\n", at(0)));
    }
    byte[] stored;
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      stored = db.get(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes());
    }
    GroupState group = GroupState.decode(key("job/a"), stored, new StringPool());
    ByteArrayBuilder swapped = new ByteArrayBuilder();
    swapped.append(GroupState.FORMAT_VERSION);
    FamilyCodec.writeLong(swapped, group.pushTimeNanos);
    FamilyCodec.writeLong(swapped, group.failureTimeNanos);
    FamilyCodec.writeLong(swapped, 0);
    FamilyCodec.writeVarint(swapped, 2);
    group.family("b").writeTo(swapped);
    group.family("a").writeTo(swapped);
    ByteArrayBuilder encoded = new ByteArrayBuilder();
    group.encodeTo(encoded);
    byte[] tail = encoded.toByteArray();
    ByteArrayBuilder inOrder = new ByteArrayBuilder();
    group.family("a").writeTo(inOrder);
    group.family("b").writeTo(inOrder);
    int synthetic = 1 + 3 * 8 + 1 + inOrder.size();
    swapped.append(tail, synthetic, tail.length - synthetic);
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
      RocksDbAccess.Batch batch = new RocksDbAccess.Batch();
      batch.put(RocksDbAccess.Cf.GROUPS, key("job/a").toBytes(), swapped.toByteArray());
      db.write(batch, true);
    }
    StoreOpenException e =
        assertThrows(StoreOpenException.class, () -> GroupStore.open(StoreConfig.of(dir)));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("group {job=\"a\"} is corrupt: families out of order at a"),
        e.getMessage());
  }

  @Test
  void repushOfSeriesAnotherGroupHoldsSinceTheCheckWasOffIsRejectedOnceItIsOn() {
    StoreConfig unchecked = new StoreConfig(dir, SyncMode.ALWAYS, false, 100, Map.of());
    try (GroupStore store = GroupStore.open(unchecked)) {
      store.apply(put("job/a", "m{x=\"1\"} 1\n", at(0)));
      store.apply(put("job/a/x/1", "m 1\n", at(1)));
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      InconsistentMetricsException e =
          assertThrows(
              InconsistentMetricsException.class,
              () -> store.apply(put("job/a", "m{x=\"1\"} 2\n", at(2))));
      assertTrue(e.detail().contains("was collected before"), e.detail());
      store.apply(delete("job/a/x/1", at(3)));
      store.apply(put("job/a", "m{x=\"1\"} 3\n", at(4)));
    }
  }

  @Test
  void refusesCorruptGroupRecord() {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      store.apply(put("job/a", "m 1\n", at(0)));
    }
    try (RocksDbAccess db = RocksDbAccess.open(dir, SyncMode.ALWAYS)) {
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
