package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.produced;
import static io.pushbridge.kafka.Records.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaPoisonRecordTest {
  private static final int MAX_BODY = 1000;

  @Test
  void everyKindOfPoisonRecordIsDeadLetteredWithItsErrorAndSourceAndConsumptionContinues(
      TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, 1);
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            produced(h.topic, "job/good", text("# TYPE m gauge\nm 1\n"), ms(0)),
            produced(h.topic, null, text("m 1\n"), ms(1), "method", "PUT"),
            produced(h.topic, "instance/nojob", text("m 1\n"), ms(2)),
            produced(h.topic, "job/badbody", text("m{ 1\n"), ms(3), "x-trace", "t3"),
            produced(h.topic, "job/inconsistent", text("# TYPE m counter\nm 1\n"), ms(4)),
            produced(h.topic, "job/big", text("m 1\n".repeat(MAX_BODY / 4 + 1)), ms(5)),
            produced(h.topic, "job/badmethod", text("m 1\n"), ms(6), "method", "PATCH"),
            produced(h.topic, "job/brotli", text("m 1\n"), ms(7), "content-encoding", "br"),
            produced(h.topic, "job/notgzip", text("m 1\nm 2\nm 3\n"), ms(8), "content-encoding", "gzip"),
            produced(h.topic, "job/good2", text("# TYPE m gauge\nm 2\n"), ms(9)));
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(MAX_BODY, Map.of()), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 8);

      Map<String, GroupView> groups = new TreeMap<>();
      store.groups().forEach(g -> groups.put(g.key().toPath(), g));
      assertEquals(List.of("job/good", "job/good2", "job/inconsistent"), List.copyOf(groups.keySet()));
      assertEquals(ms(9) / 1000.0, groups.get("job/good2").pushTimeSeconds());
      assertEquals(ms(4) / 1000.0, groups.get("job/inconsistent").failureTimeSeconds());
      assertEquals(0, groups.get("job/inconsistent").pushTimeSeconds());
      KafkaIngestStats stats = ingestor.stats();
      assertEquals(List.of(10L, 2L, 8L), List.of(stats.consumed(), stats.applied(), stats.deadLettered()));
    }

    Map<Long, ConsumerRecord<byte[], byte[]>> dead = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TestClients.readAll(kafka, h.dlq, 8, Duration.ofSeconds(30))) {
      dead.put(Long.parseLong(header(r, DeadLetterPublisher.SOURCE_OFFSET)), r);
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), List.copyOf(dead.keySet()));
    for (Map.Entry<Long, ConsumerRecord<byte[], byte[]>> e : dead.entrySet()) {
      ProducerRecord<byte[], byte[]> original = records.get(e.getKey().intValue());
      ConsumerRecord<byte[], byte[]> copy = e.getValue();
      assertArrayEquals(original.key(), copy.key());
      assertArrayEquals(original.value(), copy.value());
      assertEquals(original.timestamp(), copy.timestamp());
      List<String> expectedHeaders = new ArrayList<>(headers(original.headers()));
      expectedHeaders.add("error=" + header(copy, DeadLetterPublisher.ERROR));
      expectedHeaders.add("source-topic=" + h.topic);
      expectedHeaders.add("source-partition=0");
      expectedHeaders.add("source-offset=" + e.getKey());
      assertEquals(expectedHeaders, headers(copy.headers()));
    }
    assertEquals(
        "record has no key; the key is the grouping key path, e.g. job/<job>", error(dead, 1));
    assertEquals(
        "grouping key must start with job/ or job@base64/: \"instance/nojob\"", error(dead, 2));
    assertTrue(error(dead, 3).startsWith("text format parsing error in line 1"), error(dead, 3));
    assertTrue(error(dead, 4).startsWith(InconsistentMetricsException.PREFIX), error(dead, 4));
    assertEquals(
        "push body exceeds the limit of 1000 bytes (--push.max-body-bytes)", error(dead, 5));
    assertEquals("method header must be PUT, POST or DELETE, got \"PATCH\"", error(dead, 6));
    assertEquals(
        "content-encoding header must be gzip, snappy or identity, got \"br\"", error(dead, 7));
    assertEquals("gzip: invalid header", error(dead, 8));
  }

  /**
   * A value the push topic took but the dead-letter topic cannot (its producer's default 1 MiB
   * request limit) must not stall the partition: its copy goes without the value.
   */
  @Test
  void aValueTooLargeForTheDeadLetterTopicIsDroppedAndItsSizeRecorded(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, 1);
    String bigTopic = TestKafka.uniqueName("big-pushes");
    createTopicTaking(kafka, bigTopic, 4 << 20);
    byte[] huge = text("m 1\n".repeat((3 << 20) / 4));
    RecordMetadata landed;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(produced(bigTopic, "job/huge", huge, ms(1), "method", "POST")).get(30, TimeUnit.SECONDS);
      landed = producer.send(produced(bigTopic, "job/after", text("n 1\n"), ms(2))).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw new AssertionError("produce failed", e);
    }
    KafkaIngestConfig config =
        new KafkaIngestConfig(
            kafka.bootstrapServers(),
            List.of(bigTopic),
            TestKafka.uniqueName("group"),
            h.dlq,
            MAX_BODY,
            Map.of(),
            Map.of());

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1000));
        KafkaIngestor ingestor = KafkaIngestor.start(config, store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(List.of(landed)), 1);
      assertEquals(List.of("job/after"), store.groups().stream().map(g -> g.key().toPath()).toList());
    }

    ConsumerRecord<byte[], byte[]> copy =
        TestClients.readAll(kafka, h.dlq, 1, Duration.ofSeconds(30)).get(0);
    assertArrayEquals(text("job/huge"), copy.key());
    assertNull(copy.value());
    assertEquals(
        List.of(
            "method=POST",
            "error=push body exceeds the limit of 1000 bytes (--push.max-body-bytes)",
            "source-topic=" + bigTopic,
            "source-partition=0",
            "source-offset=0",
            "dropped-value-bytes=" + huge.length),
        headers(copy.headers()));
  }

  private static void createTopicTaking(TestKafka kafka, String topic, int maxMessageBytes) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      NewTopic t =
          new NewTopic(topic, 1, (short) 1)
              .configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
      admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw new AssertionError("cannot create " + topic, e);
    }
  }

  private static String error(Map<Long, ConsumerRecord<byte[], byte[]>> dead, long offset) {
    return header(dead.get(offset), DeadLetterPublisher.ERROR);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), UTF_8);
  }

  private static List<String> headers(Iterable<Header> headers) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(h.key() + "=" + new String(h.value(), UTF_8));
    }
    return out;
  }
}
