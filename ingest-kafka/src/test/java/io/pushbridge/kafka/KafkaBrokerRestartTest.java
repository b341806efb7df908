package io.pushbridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops and restarts a broker of its own (always the in-process one, whatever {@code
 * kafka.test.mode} says: a shared or external broker cannot be restarted by a test).
 */
class KafkaBrokerRestartTest {
  private static final int PARTITIONS = 3;
  private static final int RECORDS = 40_000;

  @Test
  void ingestResumesAfterTheBrokerRestartsWithNothingLostOrAppliedTwice(@TempDir Path dir) {
    try (EmbeddedKraftKafka broker = EmbeddedKraftKafka.start()) {
      IngestHarness h = new IngestHarness(broker, PARTITIONS);
      List<ProducerRecord<byte[], byte[]>> records =
          PushMix.records(h.topic, RECORDS, 2_000, PARTITIONS, 11);
      List<RecordMetadata> landed =
          new ArrayList<>(TestClients.produceAll(broker, records.subList(0, RECORDS / 2)));
      // Small fetches keep little read ahead of the store, so the stop cuts the stream.
      KafkaIngestConfig config =
          h.config(
              1 << 20,
              Map.of(
                  ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "16384",
                  ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "49152"));

      PushRequest http;
      try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
          KafkaIngestor ingestor = KafkaIngestor.start(config, store)) {
        Await.until(
            Duration.ofMinutes(1), () -> ingestor.stats().applied() > 0, () -> ingestor.stats().toString());
        broker.stop();

        http = httpPush();
        store.apply(http);
        CompletableFuture<List<RecordMetadata>> secondHalf =
            CompletableFuture.supplyAsync(
                () -> TestClients.produceAll(broker, records.subList(RECORDS / 2, RECORDS)));
        broker.restart();
        landed.addAll(secondHalf.join());

        IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);
        // The counter moves when the store's future completes, just after the offsets are visible.
        Await.until(Duration.ofSeconds(30), () -> ingestor.stats().applied() >= RECORDS, () -> ingestor.stats().toString());
        assertEquals(RECORDS, ingestor.stats().applied());
        assertTrue(ingestor.stats().consumed() >= RECORDS, ingestor.stats().toString());
      }

      List<GroupView> expected = PushMix.serialState(records, landed);
      try (GroupStore reopened = GroupStore.open(StoreConfig.of(dir))) {
        List<GroupView> kafkaGroups = new ArrayList<>();
        GroupView httpGroup = null;
        for (GroupView g : reopened.groups()) {
          if (g.key().equals(http.key())) {
            httpGroup = g;
          } else {
            kafkaGroups.add(g);
          }
        }
        assertEquals(expected, kafkaGroups);
        assertTrue(httpGroup != null, "the push made while the broker was down is kept");
      }
    }
  }

  /** A push as the HTTP handler makes it, while the Kafka ingest waits for its broker. */
  private static PushRequest httpPush() {
    return new PushRequest(
        GroupingKey.parsePath("job/http"),
        PushMethod.PUT,
        PushBodyParser.parse(null, null, "h 1\n".getBytes(StandardCharsets.UTF_8), 1000),
        System.currentTimeMillis() * 1_000_000L);
  }
}
