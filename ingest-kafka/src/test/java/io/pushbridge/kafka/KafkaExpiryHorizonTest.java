package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.produced;
import static io.pushbridge.kafka.Records.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.SettableClock;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.StoreFaults;
import io.pushbridge.store.StoredFamily;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ingest's read horizon, and what it keeps the store's expiry from doing. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaExpiryHorizonTest {
  private static final long NANOS_PER_MS = 1_000_000L;

  @Test
  void holdsEveryDeadlineBackBeforeTheFirstAssignment() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    KafkaIngestConfig unreachable = new KafkaIngestConfig("127.0.0.1:" + closedPort, List.of("pushes"), "g",
        "pushes-dlq", 1 << 20, Map.of(), Map.of());
    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(10));
        KafkaIngestor ingestor = KafkaIngestor.start(unreachable, store)) {
      assertEquals(Long.MIN_VALUE, ingestor.readUpToNanos());
    }
  }

  @Test
  void isTheLastAppliedRecordWhileBehindAndUnboundedOnceCaughtUp(TestKafka kafka) throws Exception {
    IngestHarness h = new IngestHarness(kafka, 1);
    List<RecordMetadata> landed = new ArrayList<>(TestClients.produceAll(kafka, List.of(
        produced(h.topic, "job/a", text("m 0\n"), ms(0)),
        produced(h.topic, "job/a", text("m 1\n"), ms(2)),
        produced(h.topic, "job/b", text("m 2\n"), ms(1)))));
    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(100))) {
      KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store);
      CountDownLatch release = new CountDownLatch(1);
      try {
        awaitCaughtUp(store, ingestor, landed);
        StoreFaults.blockWriter(store, release).get(30, TimeUnit.SECONDS);
        landed.addAll(TestClients.produceAll(kafka, List.of(
            produced(h.topic, "job/a", text("m 3\n"), ms(10)),
            produced(h.topic, "job/c", text("m 4\n"), ms(11)))));
        Await.until(Duration.ofSeconds(30), () -> ingestor.readUpToNanos() != Long.MAX_VALUE,
            () -> "horizon " + ingestor.readUpToNanos() + ", " + ingestor.stats());
        assertEquals(ms(1) * NANOS_PER_MS, ingestor.readUpToNanos(), "the last record stored, not the latest stamp");

        release.countDown();
        awaitCaughtUp(store, ingestor, landed);
      } finally {
        release.countDown();
        ingestor.close();
      }
      assertEquals(Long.MIN_VALUE, ingestor.readUpToNanos(), "a closed ingest reads nothing more");
    }
  }

  /**
   * Another member of the group takes the only partition away (its client id sorts first, so the
   * range assignor gives it partition 0): with nothing assigned, the ingest knows nothing of what
   * is left to read and holds every deadline back, until the partition comes back and is read.
   */
  @Test
  void holdsEveryDeadlineBackWhileARebalanceHasTakenItsPartitionsAway(TestKafka kafka) throws Exception {
    IngestHarness h = new IngestHarness(kafka, 1);
    KafkaIngestConfig config = h.config();
    List<RecordMetadata> landed = new ArrayList<>(TestClients.produceAll(kafka, List.of(
        produced(h.topic, "job/a", text("m 0\n"), ms(0)))));
    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(100));
        KafkaIngestor ingestor = KafkaIngestor.start(config, store)) {
      awaitCaughtUp(store, ingestor, landed);
      try (KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
          ConsumerConfig.CLIENT_ID_CONFIG, "a-first-member",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        other.subscribe(List.of(h.topic));
        Await.until(Duration.ofSeconds(60), () -> {
          other.poll(Duration.ofMillis(100));
          return !other.assignment().isEmpty();
        }, () -> "the other member has no partition; horizon " + ingestor.readUpToNanos());
        for (int i = 0; i < 10; i++) {
          other.poll(Duration.ofMillis(100));
          assertEquals(Long.MIN_VALUE, ingestor.readUpToNanos(), "the ingest has no partition");
        }
      }
      landed.addAll(TestClients.produceAll(kafka, List.of(produced(h.topic, "job/a", text("m 1\n"), ms(1)))));
      awaitCaughtUp(store, ingestor, landed);
    }
  }

  /**
   * A transactional producer ends the partition with a commit marker, which the store never sees:
   * its next offset stays one short of the end, yet the ingest has read everything.
   */
  @Test
  void aTransactionsCommitMarkerDoesNotHoldExpiryBack(TestKafka kafka) throws Exception {
    IngestHarness h = new IngestHarness(kafka, 1);
    List<RecordMetadata> landed = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.uniqueName("tx")),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      landed.add(producer.send(produced(h.topic, "job/a", text("m 1\n"), ms(0), "ttl", "1s")).get());
      landed.add(producer.send(produced(h.topic, "job/b", text("m 2\n"), ms(1), "ttl", "1s")).get());
      producer.commitTransaction();
    }
    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(100));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      awaitCaughtUp(store, ingestor, landed);
      Await.until(Duration.ofSeconds(30), () -> store.groups().isEmpty(), () -> "groups " + store.groups());
      // Nor does it count as a record not applied yet.
      Await.until(Duration.ofSeconds(30),
          () -> Map.of(new SourcePartition(h.topic, 0), 0L).equals(ingestor.stats().lag()),
          () -> "lag " + ingestor.stats().lag());
    }
  }

  /**
   * A gateway was down while a job went on pushing: it stored the job's PUT, and the POSTs that
   * renewed the group before each deadline, in record time, wait in the topic. It starts again long
   * after every deadline but the last; its first sweep must not delete the group, or the POSTs
   * would rebuild it without the families only the PUT had.
   */
  @Test
  void aReplayingStoreKeepsAGroupItsUnreadRecordsRenewAndExpiresItOnceCaughtUp(
      TestKafka kafka, @TempDir Path dir) throws Exception {
    IngestHarness h = new IngestHarness(kafka, 1);
    long nowMs = System.currentTimeMillis() / 1000 * 1000;
    List<RecordMetadata> landed = new ArrayList<>(TestClients.produceAll(kafka, List.of(
        produced(h.topic, "job/g", text("a 1\nb 2\n"), nowMs - 60_000, "ttl", "10s"))));
    SettableClock clock = new SettableClock((nowMs - 60_000) * NANOS_PER_MS);
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir).withClock(clock));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
    }
    List<ProducerRecord<byte[], byte[]>> posts = new ArrayList<>();
    for (int s = 55; s >= 5; s -= 5) {
      posts.add(produced(h.topic, "job/g", text("c " + s + "\n"), nowMs - s * 1000L, "method", "POST", "ttl", "10s"));
    }
    landed.addAll(TestClients.produceAll(kafka, posts));

    clock.set(nowMs * NANOS_PER_MS);
    AtomicReference<KafkaIngestor> started = new AtomicReference<>();
    StoreConfig replaying = StoreConfig.of(dir).withClock(clock).withExpiryHorizon(() -> {
      KafkaIngestor i = started.get();
      return i == null ? Long.MIN_VALUE : i.readUpToNanos();
    });
    try (GroupStore store = GroupStore.open(replaying)) {
      store.expireNow().get(30, TimeUnit.SECONDS);
      try (KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
        started.set(ingestor);
        awaitCaughtUp(store, ingestor, landed);
        store.expireNow().get(30, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b", "c", "push_expiry_time_seconds", "push_failure_time_seconds",
            "push_time_seconds"), families(store.groups()));

        clock.set((nowMs + 5_000) * NANOS_PER_MS);
        Await.until(Duration.ofSeconds(30), () -> store.groups().isEmpty(),
            () -> "groups " + store.groups() + " after their deadline with the partition caught up");
      }
    }
  }

  private static void awaitCaughtUp(GroupStore store, KafkaIngestor ingestor, List<RecordMetadata> landed) {
    IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
    Await.until(Duration.ofSeconds(30), () -> ingestor.readUpToNanos() == Long.MAX_VALUE,
        () -> "horizon " + ingestor.readUpToNanos() + ", " + ingestor.stats());
  }

  private static List<String> families(List<GroupView> groups) {
    assertEquals(1, groups.size(), groups.toString());
    return groups.get(0).families().stream().map(StoredFamily::family).map(f -> f.name()).sorted().toList();
  }
}
