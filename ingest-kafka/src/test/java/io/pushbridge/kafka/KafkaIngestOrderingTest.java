package io.pushbridge.kafka;

import static io.pushbridge.kafka.Records.ms;
import static io.pushbridge.kafka.Records.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.PushRequest;
import io.pushbridge.store.ApplyResult;
import io.pushbridge.store.GroupStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestOrderingTest {
  private static final int RECORDS = 10_000;
  private static final int KEYS = 2_000;
  private static final int PARTITIONS = 3;

  /**
   * A small store queue makes the ingest meet a full queue again and again, so pausing and
   * retrying is part of what must keep every partition's order.
   */
  @Test
  void storeStateEqualsSerialApplicationPerPartition(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, PARTITIONS);
    Random random = new Random(42);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      int key = random.nextInt(KEYS);
      records.add(record(h.topic, key, i, random));
    }
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);

    List<PushRequest> serial = decodeInProducedOrder(records, landed);
    try (GroupStore expected = GroupStore.open(IngestHarness.memoryStore(RECORDS));
        GroupStore store = GroupStore.open(IngestHarness.memoryStore(256));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      CompletableFuture<ApplyResult> last = null;
      for (PushRequest r : serial) {
        last = expected.submit(r);
      }
      last.join();

      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);

      assertTrue(expected.groups().size() > KEYS / 2, "most keys end with a group");
      assertEquals(expected.groups(), store.groups());
      assertEquals(RECORDS, ingestor.stats().applied());
      assertEquals(RECORDS, ingestor.stats().consumed());
    }
  }

  /**
   * PUT, POST or delete (tombstone or header) of one to three of ten gauge families; a key always
   * goes to the same partition.
   */
  private static ProducerRecord<byte[], byte[]> record(
      String topic, int key, int i, Random random) {
    String path = "job/k" + key + "/instance/i" + (key % 7);
    int kind = random.nextInt(20);
    if (kind == 0) {
      return partitioned(Records.produced(topic, path, null, ms(i)), key);
    }
    if (kind == 1) {
      return partitioned(Records.produced(topic, path, text(""), ms(i), "method", "DELETE"), key);
    }
    StringBuilder body = new StringBuilder();
    int families = 1 + random.nextInt(3);
    int first = random.nextInt(10);
    for (int f = first; f < first + families; f++) {
      String name = "f" + (f % 10);
      body.append("# HELP ").append(name).append(" family ").append(f % 10).append('\n');
      body.append("# TYPE ").append(name).append(" gauge\n");
      body.append(name).append("{x=\"").append(random.nextInt(3)).append("\"} ");
      body.append(random.nextInt(1000)).append('\n');
    }
    String method = kind < 6 ? "POST" : "PUT";
    return partitioned(
        Records.produced(topic, path, text(body.toString()), ms(i), "method", method), key);
  }

  private static ProducerRecord<byte[], byte[]> partitioned(
      ProducerRecord<byte[], byte[]> r, int key) {
    return new ProducerRecord<>(
        r.topic(), key % PARTITIONS, r.timestamp(), r.key(), r.value(), r.headers());
  }

  private static List<PushRequest> decodeInProducedOrder(
      List<ProducerRecord<byte[], byte[]>> records, List<RecordMetadata> landed) {
    RecordDecoder decoder = new RecordDecoder(1 << 20);
    List<PushRequest> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ProducerRecord<byte[], byte[]> p = records.get(i);
      RecordMetadata m = landed.get(i);
      out.add(
          decoder.decode(
              new ConsumerRecord<>(
                  m.topic(),
                  m.partition(),
                  m.offset(),
                  p.timestamp(),
                  TimestampType.CREATE_TIME,
                  p.key().length,
                  p.value() == null ? -1 : p.value().length,
                  p.key(),
                  p.value(),
                  p.headers(),
                  Optional.empty())));
    }
    return out;
  }
}
