package io.pushbridge.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Kafka ingest benchmark, one round in small sizes on the tests' broker: the backlog
 * must be ingested into a durable store and every latency probe seen, or the round fails. Its
 * figures are not checked; they come from the full runs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestBenchmarkTest {
  @TempDir Path dir;

  @Test
  void aSmallRoundIngestsTheBacklogAndMeasuresTheProbes(TestKafka kafka) throws Exception {
    KafkaIngestBenchmark.run(kafka, dir.resolve("store"), 3_000, 3, 300, 20);
  }
}
