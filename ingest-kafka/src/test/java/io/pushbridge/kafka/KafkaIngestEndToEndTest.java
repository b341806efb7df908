package io.pushbridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestEndToEndTest {
  private static final int RECORDS = 100_000;
  private static final int KEYS = 5_000;
  private static final int PARTITIONS = 3;

  @Test
  void aHundredThousandMixedRecordsLeaveTheStateOfSerialApplicationPerPartition(
      TestKafka kafka, @TempDir Path dir) {
    IngestHarness h = new IngestHarness(kafka, PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> records =
        PushMix.records(h.topic, RECORDS, KEYS, PARTITIONS, 42);
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);
    List<GroupView> expected = PushMix.serialState(records, landed);

    try (GroupStore store = GroupStore.open(StoreConfig.of(dir));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);

      assertTrue(expected.size() > KEYS * 9 / 10, "most keys end with a group: " + expected.size());
      assertEquals(expected, store.groups());
      KafkaIngestStats stats = ingestor.stats();
      assertEquals(RECORDS, stats.consumed());
      assertEquals(RECORDS, stats.applied());
      assertEquals(0, stats.deadLettered());
    }
  }
}
