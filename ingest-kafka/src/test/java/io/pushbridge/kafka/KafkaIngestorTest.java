package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.gzip;
import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.produced;
import static io.pushbridge.kafka.Records.snappy;
import static io.pushbridge.kafka.Records.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.StoredFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestorTest {

  private static List<String> families(GroupView g) {
    return g.families().stream().map(StoredFamily::family).map(f -> f.name()).toList();
  }

  private static Map<String, GroupView> byPath(List<GroupView> groups) {
    Map<String, GroupView> out = new TreeMap<>();
    for (GroupView g : groups) {
      out.put(g.key().toPath(), g);
    }
    return out;
  }

  @Test
  void putPostTombstoneTextProtobufAndGzipProduceTheStoreState(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, 1);
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            produced(h.topic, "job/a", text("a 1\n"), ms(1)),
            produced(h.topic, "job/a", text("b 2\n"), ms(2), "method", "POST"),
            produced(h.topic, "job/b", text("c 3\n"), ms(3)),
            produced(h.topic, "job/b", null, ms(4)),
            produced(h.topic, "job/c", gzip(text("d 4\n")), ms(5), "content-encoding", "gzip"),
            produced(
                h.topic,
                "job/d/instance/i",
                Records.protobufGauge("e", "help e", 5),
                ms(6),
                "content-type",
                Records.PROTOBUF),
            produced(h.topic, "job/e", text("f 6\n"), ms(7)),
            produced(h.topic, "job/e", text("g 7\n"), ms(8), "method", "DELETE"),
            produced(h.topic, "job/f", snappy(text("h 8\n")), ms(9), "content-encoding", "snappy"));
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);
    long startedAtMs = System.currentTimeMillis();

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);

      Map<String, GroupView> groups = byPath(store.groups());
      assertEquals(
          List.of("job/a", "job/c", "job/d/instance/i", "job/f"), List.copyOf(groups.keySet()));
      assertEquals(
          List.of("a", "b", "push_failure_time_seconds", "push_time_seconds"),
          families(groups.get("job/a")));
      assertEquals(ms(2) / 1000.0, groups.get("job/a").pushTimeSeconds());
      assertEquals(ms(1) * 1_000_000L, groups.get("job/a").families().get(0).receiveTimeNanos());
      assertEquals("d", families(groups.get("job/c")).get(0));
      StoredFamily e = groups.get("job/d/instance/i").families().get(0);
      assertEquals("help e", e.family().help());
      assertEquals("h", families(groups.get("job/f")).get(0));
      Await.until(
          Duration.ofSeconds(30),
          () -> ingestor.stats().lag().equals(Map.of(new SourcePartition(h.topic, 0), 0L)),
          () -> "lag " + ingestor.stats().lag());
      KafkaIngestStats stats = ingestor.stats();
      assertEquals(
          List.of(9L, 9L, 0L, 0L),
          List.of(
              stats.consumed(), stats.applied(), stats.deadLettered(), stats.storeFullPauses()));
      assertEquals(ms(9), stats.lastRecordTimestampMs());
      assertTrue(stats.lastConsumedAtMs() >= startedAtMs, stats + " started at " + startedAtMs);
    }
  }

  /** Only for lag monitoring: the store is where the ingest resumes from. */
  @Test
  void kafkaCommittedOffsetsFollowTheStoredOffsets(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, 2);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(produced(h.topic, "job/k" + i, text("n " + i + "\n"), ms(i)));
    }
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);
    KafkaIngestConfig config = h.config();

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(config, store);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<SourcePartition, Long> end = IngestHarness.nextOffsets(landed);
      IngestHarness.awaitIngested(store, ingestor, end, 0);
      Await.until(
          Duration.ofSeconds(30),
          () -> end.equals(committed(admin, config.groupId())),
          () -> "committed " + committed(admin, config.groupId()) + ", stored " + end);
    }
  }

  private static Map<SourcePartition, Long> committed(Admin admin, String group) {
    try {
      Map<SourcePartition, Long> out = new HashMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, o) -> out.put(new SourcePartition(tp.topic(), tp.partition()), o.offset()));
      return Map.copyOf(out);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw new AssertionError("cannot read the committed offsets of " + group, e);
    }
  }

  @Test
  void restartResumesFromTheStoredOffsetsWithNothingAppliedTwice(
      TestKafka kafka, @TempDir Path dir) {
    IngestHarness h = new IngestHarness(kafka, 2);
    List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(produced(h.topic, "job/k" + (i % 4), text("n " + i + "\n"), ms(i)));
    }
    List<RecordMetadata> landed = new ArrayList<>(TestClients.produceAll(kafka, first));
    List<GroupView> before;
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
      // The counter moves when the store's future completes, just after the offsets are visible.
      Await.until(Duration.ofSeconds(30), () -> ingestor.stats().applied() >= 20, () -> ingestor.stats().toString());
      assertEquals(20, ingestor.stats().applied());
      before = store.groups();
    }

    List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
    for (int i = 20; i < 25; i++) {
      second.add(produced(h.topic, "job/k" + (i % 4), text("n " + i + "\n"), ms(i)));
    }
    landed.addAll(TestClients.produceAll(kafka, second));
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      assertEquals(before, store.groups());
      try (KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
        IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
        assertEquals(5, ingestor.stats().consumed());
        // The counter moves when the store's future completes, just after the offsets are visible.
        Await.until(Duration.ofSeconds(30), () -> ingestor.stats().applied() >= 5, () -> ingestor.stats().toString());
        assertEquals(5, ingestor.stats().applied());
      }
      Map<String, GroupView> groups = byPath(store.groups());
      for (int k = 0; k < 4; k++) {
        int last = k == 0 ? 24 : 20 + k;
        assertEquals(ms(last) / 1000.0, groups.get("job/k" + k).pushTimeSeconds(), "job/k" + k);
      }
    }
  }

  @Test
  void recordsRetentionDeletedBeforeTheyWereReadAreCountedAndSkipped(TestKafka kafka) throws Exception {
    IngestHarness h = new IngestHarness(kafka, 1);
    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1024))) {
      List<RecordMetadata> landed = new ArrayList<>(TestClients.produceAll(kafka,
          List.of(produced(h.topic, "job/early", text("n 0\n"), ms(0)))));
      try (KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
        IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
      }
      List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        later.add(produced(h.topic, "job/late" + i, text("n " + i + "\n"), ms(i)));
      }
      landed.addAll(TestClients.produceAll(kafka, later));
      TopicPartition tp = new TopicPartition(h.topic, 0);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        // What retention does to old segments: the log start moves past records nobody read.
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).all().get(30, TimeUnit.SECONDS);
      }

      try (KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
        IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
        assertEquals(3, ingestor.stats().skipped(), ingestor.stats().toString());
        assertEquals(2, ingestor.stats().consumed());
      }
      assertEquals(List.of("job/early", "job/late4", "job/late5"), List.copyOf(byPath(store.groups()).keySet()));
    }
  }
}
