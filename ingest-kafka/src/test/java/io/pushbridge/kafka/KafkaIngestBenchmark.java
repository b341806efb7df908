package io.pushbridge.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.SyncMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Rough figures for the Kafka ingest into the durable store (not a test): text records of 10
 * series each, PUT to {@code groups} groups, consumed from a backlog (records/s, series/s), then
 * single records produced one after another (produce to visible latency: from {@code send} until
 * the store's snapshot holds the record, acks=all, linger 0).
 *
 * <p>The broker is the one the tests use ({@code -Dkafka.test.bootstrap=host:port} for a running
 * one; otherwise in-process, sharing this JVM's cores). The store syncs every batch ({@code
 * --store.sync=always}) with the consistency check on.
 *
 * <p>Run: {@code java -cp <test classpath> io.pushbridge.kafka.KafkaIngestBenchmark [records]
 * [partitions] [groups] [probes] [warm-up rounds]}: each warm-up round runs the same on a topic and
 * store of its own first, so that the measured round sees compiled code, as a running gateway does.
 */
public final class KafkaIngestBenchmark {
  private static final int SERIES = 10;

  private KafkaIngestBenchmark() {}

  /** How long one latency probe may take to become visible before the run fails. */
  private static final long PROBE_BOUND_NANOS = 60_000_000_000L;

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int groups = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int probes = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
    int warmUps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    Path dir = Files.createTempDirectory("kafka-ingest-bench");
    try (TestKafka kafka = KafkaBrokerExtension.startBroker()) {
      for (int round = 0; round <= warmUps; round++) {
        if (round < warmUps) {
          System.out.printf("warm-up round %d of %d:%n", round + 1, warmUps);
        }
        run(kafka, dir.resolve("store-" + round), records, partitions, groups, probes);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /** One round on a new topic into a new store: the backlog, then the latency probes. */
  static void run(
      TestKafka kafka, Path storeDir, int records, int partitions, int groups, int probes)
      throws Exception {
    IngestHarness h = new IngestHarness(kafka, partitions);
    long start = System.nanoTime();
    List<RecordMetadata> landed = produceBacklog(kafka, h.topic, records, groups);
    System.out.printf(
        "produced %d records of %d series in %.2f s%n",
        records, SERIES, (System.nanoTime() - start) / 1e9);

    StoreConfig store = new StoreConfig(storeDir, SyncMode.ALWAYS, true, 10_000, Map.of());
    try (GroupStore s = GroupStore.open(store);
        KafkaIngestor ingestor = KafkaIngestor.start(h.config(), s)) {
      start = System.nanoTime();
      long cpu = processCpuNanos();
      Map<SourcePartition, Long> end = IngestHarness.nextOffsets(landed);
      IngestHarness.awaitIngested(s, ingestor, end, 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "backlog: %d records in %.2f s = %.0f records/s, %.0f series/s (%d groups, %d partitions);"
              + " %.1f us of process CPU per record, broker included%n",
          records, seconds, records / seconds, SERIES * records / seconds, groups, partitions,
          (processCpuNanos() - cpu) / 1e3 / records);
      latency(kafka, h.topic, s, probes, groups);
      System.out.println("stats: " + ingestor.stats());
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<RecordMetadata> produceBacklog(
      TestKafka kafka, String topic, int records, int groups) {
    long now = System.currentTimeMillis();
    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      batch.add(record(topic, i % groups, i, now));
    }
    return TestClients.produceAll(kafka, batch);
  }

  /** Sequential probes against an idle ingest: send, then wait until the store holds the offset. */
  private static void latency(TestKafka kafka, String topic, GroupStore store, int probes, int groups)
      throws ExecutionException, InterruptedException {
    long[] micros = new long[probes];
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < probes; i++) {
        long sent = System.nanoTime();
        RecordMetadata m =
            producer.send(record(topic, i % groups, i, System.currentTimeMillis())).get();
        SourcePartition p = new SourcePartition(m.topic(), m.partition());
        while (store.storedOffsets().getOrDefault(p, 0L) <= m.offset()) {
          if (System.nanoTime() - sent > PROBE_BOUND_NANOS) {
            throw new IllegalStateException("probe " + i + " not stored after 60 s: " + m);
          }
          LockSupport.parkNanos(20_000);
        }
        micros[i] = (System.nanoTime() - sent) / 1000;
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "produce -> visible latency over %d records: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        probes,
        micros[probes / 2] / 1000.0,
        micros[(int) (probes * 0.99)] / 1000.0,
        micros[probes - 1] / 1000.0);
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, int group, int seq, long ms) {
    StringBuilder body = new StringBuilder("# TYPE http_requests_total counter\n");
    for (int s = 0; s < SERIES; s++) {
      body.append("http_requests_total{path=\"/api/v1/endpoint/")
          .append(s)
          .append("\",code=\"200\"} ")
          .append(seq + s)
          .append('\n');
    }
    return new ProducerRecord<>(
        topic,
        null,
        ms,
        ("job/bench/instance/host-" + group).getBytes(UTF_8),
        body.toString().getBytes(UTF_8));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
