package io.pushbridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.GroupView;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestBackPressureTest {
  private static final int RECORDS = 3_000;
  private static final int PARTITIONS = 3;

  /**
   * A store queue of one request is full whenever the writer has not yet taken the last one, so
   * the ingest pauses again and again; every record must still be applied once, in partition
   * order.
   */
  @Test
  void aStoreQueueOfOneRequestPausesConsumptionAndLosesNothing(TestKafka kafka) {
    IngestHarness h = new IngestHarness(kafka, PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> records =
        PushMix.records(h.topic, RECORDS, 300, PARTITIONS, 7);
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);
    List<GroupView> expected = PushMix.serialState(records, landed);

    try (GroupStore store = GroupStore.open(IngestHarness.memoryStore(1));
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), store)) {
      IngestHarness.awaitIngested(store, ingestor, IngestHarness.nextOffsets(landed), 0);

      assertEquals(expected, store.groups());
      KafkaIngestStats stats = ingestor.stats();
      assertEquals(RECORDS, stats.consumed());
      assertEquals(RECORDS, stats.applied());
      assertTrue(stats.storeFullPauses() > 0, "the full queue paused consumption: " + stats);
    }
  }
}
