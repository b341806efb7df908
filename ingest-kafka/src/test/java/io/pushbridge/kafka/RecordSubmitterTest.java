package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.StoreFaults;
import io.pushbridge.store.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submitter's failure paths, driven the way {@link KafkaIngestor}'s consumer thread drives it,
 * with a real RocksDB store and a real dead-letter topic. The offset to resume from is the store's
 * ({@link GroupStore#storedOffsets()}): the ingestor seeks there after a failure or a rebalance and
 * commits it for lag monitoring.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RecordSubmitterTest {
  private static final int MAX_BODY = 4 << 20;
  private static final Duration WAIT = Duration.ofMinutes(1);

  @TempDir Path dir;

  private final String topic = TestKafka.uniqueName("pushes");
  private final String dlq = topic + "-dlq";
  private final AtomicInteger storeFailures = new AtomicInteger();

  /**
   * RocksDB refuses writes once it failed to create a log in the directory moved away while open
   * (as in the store's GroupStoreWriteFailureTest); each step hands a large push and a small one
   * over, as one poll would, until a write fails.
   */
  @Test
  void afterAFailedStoreWriteTheFailedRecordAndThoseAfterItAreNotAppliedAndTheStoredOffsetResumesAtIt(
      TestKafka kafka) throws Exception {
    Path db = dir.resolve("db");
    Path moved = dir.resolve("moved");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(record(0, 0, "job/small", "# TYPE m gauge\nm 0\n"));
    long next;
    try (GroupStore store = GroupStore.open(StoreConfig.of(db));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, records);
      assertEquals(1, submitter.applied());
      Files.move(db, moved);
      for (int step = 1; storeFailures.get() == 0 && step <= 64; step++) {
        List<ConsumerRecord<byte[], byte[]>> poll =
            List.of(
                record(0, records.size(), "job/big", StoreFaults.memtableFillingBody(step)),
                record(0, records.size() + 1, "job/small", "# TYPE m gauge\nm " + step + "\n"));
        records.addAll(poll);
        handOver(submitter, poll);
      }
      assertTrue(storeFailures.get() > 0, "no store write failed");
      next = store.storedOffsets().get(partition(0));
      assertTrue(next > 0 && next < records.size(), "stored next offset " + next);
      assertEquals(next, submitter.applied(), "records applied, all before the stored offset");
      assertFalse(submitter.hasPending());
      assertEquals(lastPushTimes(records.subList(0, (int) next)), pushTimes(store));
      Files.move(moved, db);
    }

    storeFailures.set(0);
    try (GroupStore store = GroupStore.open(StoreConfig.of(db));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      assertEquals(Map.of(partition(0), next), store.storedOffsets());
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, records.subList((int) next, records.size()));
      assertEquals(0, storeFailures.get());
      assertEquals(records.size() - next, submitter.applied());
      assertEquals(Map.of(partition(0), (long) records.size()), store.storedOffsets());
      assertEquals(lastPushTimes(records), pushTimes(store));
    }
  }

  @Test
  void aStoreThatRefusesTheHandOverReportsTheFailureOnceAndKeepsTheRecordPending(TestKafka kafka) {
    GroupStore store = GroupStore.open(StoreConfig.of(dir));
    try (DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, List.of(record(0, 0, "job/a", "m 0\n")));
      store.close();

      submitter.add(record(0, 1, "job/a", "m 1\n"));
      submitter.add(record(0, 2, "job/a", "m 2\n"));
      submitter.handPendingToStore();

      assertEquals(1, storeFailures.get());
      assertTrue(submitter.hasPending());
      assertEquals(1, submitter.applied());
      assertEquals(Map.of(partition(0), 1L), store.storedOffsets());
    } finally {
      store.close();
    }
  }

  @Test
  void droppingRevokedPartitionsForgetsTheirRecordsNotHandedOverAndKeepsTheOthers(
      TestKafka kafka) {
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, List.of(record(0, 0, "job/p0", "m 0\n")));
      submitter.add(record(0, 1, "job/p0", "m 1\n"));
      submitter.add(record(1, 0, "job/p1", "m 10\n"));
      submitter.add(record(2, 0, "job/p2", "m 20\n"));
      submitter.add(record(0, 2, "job/p0", "m 2\n"));
      submitter.add(record(1, 1, "job/p1", "m 11\n"));

      submitter.dropPending(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 2)));
      submitter.handPendingToStore();
      submitter.awaitInFlight();

      assertEquals(3, submitter.applied());
      assertEquals(Map.of(partition(0), 1L, partition(1), 2L), store.storedOffsets());
      assertEquals(
          Map.of("job/p0", ms(0) / 1000.0, "job/p1", ms(1) / 1000.0), pushTimes(store));
      assertEquals(0, storeFailures.get());
    }
  }

  @Test
  void aPushTheStoreRefusesIsDeadLetteredOnceWithItsErrorAndSourceAndItsOffsetAdvances(
      TestKafka kafka) {
    kafka.createTopics(1, dlq);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(3, 0, "job/a", "# TYPE m gauge\nm 1\n"),
            record(3, 1, "job/b", "# TYPE m counter\nm 1\n", "x-trace", "t1"),
            record(3, 2, "job/c", "# TYPE m gauge\nm 2\n"));
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, records);
      assertEquals(2, submitter.applied());
      assertEquals(1, submitter.refusedLeft());
      assertEquals(0, submitter.deadLettered(), "published by the consumer thread, not the writer");

      submitter.deadLetterRefused();
      submitter.deadLetterRefused();

      assertEquals(0, submitter.refusedLeft());
      assertEquals(1, submitter.deadLettered());
      assertEquals(Map.of(partition(3), 3L), store.storedOffsets());
      GroupView refused = groups(store).get("job/b");
      assertEquals(ms(1) / 1000.0, refused.failureTimeSeconds());
      assertEquals(0, refused.pushTimeSeconds());
      assertEquals(0, storeFailures.get());
    }

    ConsumerRecord<byte[], byte[]> copy = onlyDeadLetter(kafka);
    assertCopyOf(records.get(1), copy);
    assertEquals(
        List.of(
            "x-trace=t1",
            "error="
                + InconsistentMetricsException.PREFIX
                + "collected metric \"m\" { label:<name:\"instance\" value:\"\" >"
                + " label:<name:\"job\" value:\"b\" > counter:<value:1 > } is not a GAUGE",
            "source-topic=" + topic,
            "source-partition=3",
            "source-offset=1"),
        headers(copy));
  }

  /**
   * A record the store fails to apply alone (a bug) has its offset written with the rest of its
   * batch: read again it would be skipped, so it is dead-lettered with the store's error instead.
   */
  @Test
  void aRecordTheStoreFailsToApplyIsDeadLetteredNotSkipped(TestKafka kafka) {
    kafka.createTopics(1, dlq);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(1, 0, "job/a", "m 1\n"),
            record(1, 1, "job/bug", "m 2\n"),
            record(1, 2, "job/c", "m 3\n"));
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      StoreFaults.failApplyWhen(store, r -> r.key().job().equals("bug"));
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, records);
      submitter.deadLetterRefused();

      assertEquals(2, submitter.applied());
      assertEquals(1, submitter.deadLettered());
      assertEquals(0, storeFailures.get(), "not a failed write: nothing to read again");
      assertEquals(Map.of(partition(1), 3L), store.storedOffsets());
      assertEquals(List.of("job/a", "job/c"), List.copyOf(groups(store).keySet()));
    }

    ConsumerRecord<byte[], byte[]> copy = onlyDeadLetter(kafka);
    assertCopyOf(records.get(1), copy);
    assertEquals(
        List.of(
            "error=apply of {job=\"bug\"} on " + dir.toAbsolutePath()
                + ": java.lang.IllegalStateException: apply fault injected by a test",
            "source-topic=" + topic,
            "source-partition=1",
            "source-offset=1"),
        headers(copy));
  }

  /** The last record does not decode either: only its own offset can move the partition past it. */
  @Test
  void aRecordThatDoesNotDecodeIsDeadLetteredOnceItsOffsetStoredAndTheNextRecordsApply(
      TestKafka kafka) {
    kafka.createTopics(1, dlq);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(0, 0, "job/a", "m 1\n"),
            record(0, 1, "job/bad", "m{ 1\n", "content-type", "text/plain"),
            record(0, 2, "job/c", "m 2\n"),
            record(0, 3, null, "m 3\n"));
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      records.forEach(submitter::add);
      submitter.handPendingToStore();
      assertEquals(2, submitter.deadLettered(), "published while handing over");
      submitter.awaitInFlight();
      submitter.deadLetterRefused();

      assertEquals(2, submitter.applied());
      assertEquals(2, submitter.deadLettered());
      assertEquals(Map.of(partition(0), 4L), store.storedOffsets());
      assertEquals(List.of("job/a", "job/c"), List.copyOf(groups(store).keySet()));
      assertEquals(0, storeFailures.get());
    }

    List<ConsumerRecord<byte[], byte[]>> copies = deadLetters(kafka);
    assertEquals(2, copies.size(), "dead letters");
    assertCopyOf(records.get(1), copies.get(0));
    assertEquals(
        List.of(
            "content-type=text/plain",
            "error=text format parsing error in line 1: invalid label name for metric \"m\"",
            "source-topic=" + topic,
            "source-partition=0",
            "source-offset=1"),
        headers(copies.get(0)));
    assertCopyOf(records.get(3), copies.get(1));
    assertEquals(
        List.of(
            "error=record has no key; the key is the grouping key path, e.g. job/<job>",
            "source-topic=" + topic,
            "source-partition=0",
            "source-offset=3"),
        headers(copies.get(1)));
  }

  /**
   * The store's writer is held inside a delete's selector, so its queue of one fills with the
   * first record handed over: the undecodable record after it is published, then its offset finds
   * the queue full, and it is handed over again, without a second copy, once the writer runs.
   */
  @Test
  void aRecordHandedOverAgainAfterAFullStoreQueueIsDeadLetteredOnlyOnce(TestKafka kafka)
      throws Exception {
    kafka.createTopics(1, dlq);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(0, 0, "job/a", "m 1\n"),
            record(0, 1, "job/b", "m 2\n"),
            record(0, 2, "job/bad", "m{ 1\n"),
            record(0, 3, "job/c", "m 3\n"));
    try (GroupStore store =
            GroupStore.open(new StoreConfig(dir, SyncMode.NONE, true, 1, Map.of()));
        DeadLetterPublisher deadLetters = publisher(kafka)) {
      RecordSubmitter submitter = submitter(store, deadLetters);
      handOver(submitter, records.subList(0, 1));
      CountDownLatch writerHeld = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Integer> held;
      try {
        held =
            store.deleteGroups(
                key -> {
                  writerHeld.countDown();
                  awaitUninterruptibly(release);
                  return false;
                });
        assertTrue(writerHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS), "writer not held");

        records.subList(1, 4).forEach(submitter::add);
        submitter.handPendingToStore();
        submitter.handPendingToStore();
        assertEquals(2, submitter.storeFullPauses());
        assertEquals(1, submitter.deadLettered());
        assertTrue(submitter.hasPending());
      } finally {
        release.countDown();
      }

      Await.until(
          WAIT,
          () -> {
            submitter.handPendingToStore();
            submitter.forgetCompleted();
            return !submitter.hasPending();
          },
          () -> "records still pending; " + submitter.storeFullPauses() + " full-queue pauses");
      submitter.awaitInFlight();

      assertEquals(0, held.join());
      assertEquals(3, submitter.applied());
      assertEquals(1, submitter.deadLettered());
      assertEquals(Map.of(partition(0), 4L), store.storedOffsets());
      assertEquals(List.of("job/a", "job/b", "job/c"), List.copyOf(groups(store).keySet()));
      assertEquals(0, storeFailures.get());
    }

    ConsumerRecord<byte[], byte[]> copy = onlyDeadLetter(kafka);
    assertEquals("source-offset=2", headers(copy).get(headers(copy).size() - 1));
  }

  private RecordSubmitter submitter(GroupStore store, DeadLetterPublisher deadLetters) {
    return new RecordSubmitter(
        store, deadLetters, new RecordDecoder(MAX_BODY), storeFailures::incrementAndGet);
  }

  private DeadLetterPublisher publisher(TestKafka kafka) {
    return DeadLetterPublisher.create(
        new KafkaIngestConfig(
            kafka.bootstrapServers(), List.of(topic), null, dlq, MAX_BODY, Map.of(), Map.of()));
  }

  /** One poll's records, handed over and answered, as the consumer thread would. */
  private static void handOver(
      RecordSubmitter submitter, List<ConsumerRecord<byte[], byte[]>> records) {
    records.forEach(submitter::add);
    submitter.handPendingToStore();
    submitter.awaitInFlight();
  }

  /** Offset {@code offset} of a partition of this test's topic, timestamped {@code ms(offset)}. */
  private ConsumerRecord<byte[], byte[]> record(
      int partition, long offset, String key, String body, String... headers) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], text(headers[i + 1]));
    }
    byte[] value = text(body);
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        ms((int) offset),
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length(),
        value.length,
        key == null ? null : text(key),
        value,
        h,
        Optional.empty());
  }

  private SourcePartition partition(int partition) {
    return new SourcePartition(topic, partition);
  }

  /** The push time each group's last record set. */
  private static Map<String, Double> lastPushTimes(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, Double> times = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      times.put(new String(r.key(), UTF_8), r.timestamp() / 1000.0);
    }
    return times;
  }

  private static Map<String, Double> pushTimes(GroupStore store) {
    Map<String, Double> times = new TreeMap<>();
    groups(store).forEach((key, group) -> times.put(key, group.pushTimeSeconds()));
    return times;
  }

  private static Map<String, GroupView> groups(GroupStore store) {
    Map<String, GroupView> groups = new TreeMap<>();
    store.groups().forEach(g -> groups.put(g.key().toPath(), g));
    return groups;
  }

  /** The one record in the dead-letter topic. */
  private ConsumerRecord<byte[], byte[]> onlyDeadLetter(TestKafka kafka) {
    List<ConsumerRecord<byte[], byte[]>> read = deadLetters(kafka);
    assertEquals(1, read.size(), "dead letters");
    return read.get(0);
  }

  /** Everything in the dead-letter topic, read up to its end. */
  private List<ConsumerRecord<byte[], byte[]>> deadLetters(TestKafka kafka) {
    TopicPartition tp = new TopicPartition(dlq, 0);
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = TestClients.consumer(kafka)) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), WAIT).get(tp);
      consumer.seekToBeginning(List.of(tp));
      Await.until(
          WAIT,
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            return consumer.position(tp, WAIT) >= end;
          },
          () -> "read " + read.size() + " of " + end + " dead letters");
    }
    return read;
  }

  private static void assertCopyOf(
      ConsumerRecord<byte[], byte[]> original, ConsumerRecord<byte[], byte[]> copy) {
    assertArrayEquals(original.key(), copy.key());
    assertArrayEquals(original.value(), copy.value());
    assertEquals(original.timestamp(), copy.timestamp());
  }

  private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
    List<String> out = new ArrayList<>();
    for (Header h : record.headers()) {
      out.add(h.key() + "=" + new String(h.value(), UTF_8));
    }
    return out;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
