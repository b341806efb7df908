package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.gzip;
import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.produced;
import static io.pushbridge.kafka.Records.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.StoredFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
            produced(h.topic, "job/e", text("g 7\n"), ms(8), "method", "DELETE"));
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);

      Map<String, GroupView> groups = byPath(store.groups());
      assertEquals(List.of("job/a", "job/c", "job/d/instance/i"), List.copyOf(groups.keySet()));
      assertEquals(
          List.of("a", "b", "push_failure_time_seconds", "push_time_seconds"),
          families(groups.get("job/a")));
      assertEquals(ms(2) / 1000.0, groups.get("job/a").pushTimeSeconds());
      assertEquals(ms(1) * 1_000_000L, groups.get("job/a").families().get(0).receiveTimeNanos());
      assertEquals("d", families(groups.get("job/c")).get(0));
      StoredFamily e = groups.get("job/d/instance/i").families().get(0);
      assertEquals("help e", e.family().help());
      assertEquals(new KafkaIngestStats(8, 8, 0, ms(8)), ingestor.stats());
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndConsumptionContinues(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, 1);
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            produced(h.topic, "job/good", text("# TYPE m gauge\nm 1\n"), ms(1)),
            produced(h.topic, null, text("m 1\n"), ms(2)),
            produced(h.topic, "job/badbody", text("m{ 1\n"), ms(3)),
            produced(h.topic, "job/badmethod", text("m 1\n"), ms(4), "method", "PATCH"),
            produced(h.topic, "job/inconsistent", text("# TYPE m counter\nm 1\n"), ms(5)),
            produced(h.topic, "instance/nojob", text("m 1\n"), ms(6)),
            produced(h.topic, "job/good2", text("# TYPE m gauge\nm 2\n"), ms(7)));
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 5);

      Map<String, GroupView> groups = byPath(store.groups());
      assertEquals(2, groups.get("job/good2").families().size() - 1, "m plus the two time families");
      assertTrue(groups.containsKey("job/good"));
      assertEquals(ms(5) / 1000.0, groups.get("job/inconsistent").failureTimeSeconds());
      assertEquals(0, groups.get("job/inconsistent").pushTimeSeconds());
      KafkaIngestStats stats = ingestor.stats();
      assertEquals(7, stats.consumed());
      assertEquals(2, stats.applied());
    }

    Map<Long, String> errors = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TestClients.readAll(kafka, h.dlq, 5, Duration.ofSeconds(30))) {
      assertEquals(h.topic, header(r, DeadLetterPublisher.SOURCE_TOPIC));
      assertEquals("0", header(r, DeadLetterPublisher.SOURCE_PARTITION));
      errors.put(
          Long.parseLong(header(r, DeadLetterPublisher.SOURCE_OFFSET)),
          header(r, DeadLetterPublisher.ERROR));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), List.copyOf(errors.keySet()));
    assertEquals("record has no key; the key is the grouping key path, e.g. job/<job>", errors.get(1L));
    assertTrue(errors.get(2L).startsWith("text format parsing error in line 1"), errors.get(2L));
    assertEquals("method header must be PUT, POST or DELETE, got \"PATCH\"", errors.get(3L));
    assertTrue(errors.get(4L).startsWith(InconsistentMetricsException.PREFIX), errors.get(4L));
    assertEquals(
        "grouping key must start with job/ or job@base64/: \"instance/nojob\"", errors.get(5L));
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
        assertEquals(new KafkaIngestStats(5, 5, 0, ingestor.stats().lastRecordTimestampMs()),
            ingestor.stats());
      }
      Map<String, GroupView> groups = byPath(store.groups());
      for (int k = 0; k < 4; k++) {
        int last = k == 0 ? 24 : 20 + k;
        assertEquals(ms(last) / 1000.0, groups.get("job/k" + k).pushTimeSeconds(), "job/k" + k);
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), UTF_8);
  }

  static GroupingKey key(String path) {
    return GroupingKey.parsePath(path);
  }
}
