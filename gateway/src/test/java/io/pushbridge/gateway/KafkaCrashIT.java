package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.kafka.KafkaBrokerExtension;
import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.SyncMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway consuming a topic is killed with SIGKILL at random moments and restarted on
 * its directory: at every crash the store equals the serial application of exactly the records
 * below its stored offsets, a restart resumes at those offsets (each remaining record consumed
 * once), and the end state is the serial application of every record in partition order.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaCrashIT {
  private static final int PARTITIONS = 3;
  private static final int KEYS = 120;
  private static final int RECORDS = 20_000;
  private static final int KILLS = 3;
  /**
   * Record timestamps start a little in the past: the broker's time-based retention (7 days by
   * default) measures record timestamps, and would delete a topic of older ones under the test.
   */
  private static final long T0 = System.currentTimeMillis() - RECORDS;

  @TempDir Path dir;

  /** One record of the mix, as produced and as the push it stands for. */
  private record Planned(int key, int partition, String method, String body, long timestampMs) {
    String path() {
      return "job/crash/instance/k" + key;
    }

    ProducerRecord<byte[], byte[]> toRecord(String topic) {
      RecordHeaders h = new RecordHeaders();
      if (method != null) {
        h.add("method", method.getBytes(UTF_8));
      }
      return new ProducerRecord<>(topic, partition, timestampMs, path().getBytes(UTF_8),
          body == null ? null : body.getBytes(UTF_8), h);
    }

    /** The push an HTTP request with the same path, method and body would be (design §4). */
    PushRequest toRequest() {
      GroupingKey key = GroupingKey.parsePath(path());
      long nanos = timestampMs * 1_000_000L;
      if (body == null || "DELETE".equals(method)) {
        return PushRequest.delete(key, nanos);
      }
      PushMethod m = "POST".equals(method) ? PushMethod.POST : PushMethod.PUT;
      return new PushRequest(key, m, PushBodyParser.parse(null, null, body.getBytes(UTF_8), 1 << 20), nanos);
    }
  }

  @Test
  void killedMidConsumptionItResumesExactlyWhereTheStoreStopped(TestKafka kafka) throws Exception {
    String topic = TestKafka.uniqueName("crash");
    kafka.createTopics(PARTITIONS, topic);
    kafka.createTopics(1, topic + "-dlq");
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    List<Planned> plan = plan(random);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(plan.size());
    for (Planned p : plan) {
      records.add(p.toRecord(topic));
    }
    List<RecordMetadata> landed = TestClients.produceAll(kafka, records);
    Map<SourcePartition, List<Planned>> byPartition = byPartitionInOffsetOrder(plan, landed);
    Map<SourcePartition, Long> ends = new HashMap<>();
    byPartition.forEach((p, list) -> ends.put(p, (long) list.size()));

    Path data = dir.resolve("data");
    Map<SourcePartition, Long> stored = Map.of();
    for (int run = 0; run < KILLS; run++) {
      try (ChildProcess p = ChildProcess.start(command(kafka, topic, data), dir.resolve("run" + run + ".log"))) {
        Http http = GatewayJar.awaitReady(p);
        long threshold = 300L + random.nextInt(2_500);
        try {
          Eventually.await("run " + run + " applying " + threshold + " records (seed " + seed + ")",
              Duration.ofSeconds(60),
              () -> KafkaTopic.sample(http.get("/metrics").body(), "pushbridge_kafka_records_applied_total"),
              applied -> applied >= threshold);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\n" + kafkaLines(http.get("/metrics").body()) + p.output(), e);
        }
        p.kill();
      }
      Map<SourcePartition, Long> now = assertStoreIsASerialPrefix(data, byPartition);
      for (Map.Entry<SourcePartition, Long> e : stored.entrySet()) {
        assertTrue(now.get(e.getKey()) >= e.getValue(), "offsets went back: " + stored + " then " + now);
      }
      assertTrue(!now.equals(ends), "run " + run + " finished before the kill; seed " + seed);
      stored = now;
    }

    long remaining = RECORDS - stored.values().stream().mapToLong(Long::longValue).sum();
    try (ChildProcess p = ChildProcess.start(command(kafka, topic, data), dir.resolve("final.log"))) {
      Http http = GatewayJar.awaitReady(p);
      String scrape = Eventually.await("catching up", Duration.ofSeconds(60), () -> http.get("/metrics").body(),
          s -> Double.valueOf((double) remaining).equals(KafkaTopic.sample(s, "pushbridge_kafka_records_applied_total")));
      assertEquals((double) remaining, KafkaTopic.sample(scrape, "pushbridge_kafka_records_consumed_total"),
          "every record after the stored offsets consumed exactly once; seed " + seed);
      int code = p.terminate();
      assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + p.output());
    }
    assertEquals(ends, assertStoreIsASerialPrefix(data, byPartition), "seed " + seed);
  }

  /**
   * PUTs, POSTs, DELETEs (header) and tombstones over a few keys, each key on one partition. Every
   * family is a gauge with one help text, so the consistency check never depends on how the
   * partitions interleave.
   */
  private static List<Planned> plan(Random random) {
    List<Planned> plan = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      int key = random.nextInt(KEYS);
      int kind = random.nextInt(20);
      long ts = T0 + i;
      String method = kind < 10 ? null : kind < 17 ? "POST" : kind < 19 ? "DELETE" : null;
      String body = kind == 19 ? null : method != null && method.equals("DELETE") ? "" : body(random, i);
      plan.add(new Planned(key, key % PARTITIONS, method, body, ts));
    }
    return plan;
  }

  private static String body(Random random, int i) {
    StringBuilder sb = new StringBuilder();
    int first = random.nextInt(8);
    int families = 1 + random.nextInt(3);
    for (int f = 0; f < families; f++) {
      int name = (first + f) % 8;
      sb.append("# HELP g").append(name).append(" Crash test gauge.\n# TYPE g").append(name).append(" gauge\n");
      sb.append('g').append(name).append("{n=\"").append(random.nextInt(3)).append("\"} ").append(i).append('\n');
    }
    return sb.toString();
  }

  private static Map<SourcePartition, List<Planned>> byPartitionInOffsetOrder(List<Planned> plan,
      List<RecordMetadata> landed) {
    Map<SourcePartition, Planned[]> slots = new HashMap<>();
    Map<SourcePartition, Integer> counts = new HashMap<>();
    for (RecordMetadata m : landed) {
      counts.merge(new SourcePartition(m.topic(), m.partition()), 1, Integer::sum);
    }
    counts.forEach((p, n) -> slots.put(p, new Planned[n]));
    for (int i = 0; i < plan.size(); i++) {
      RecordMetadata m = landed.get(i);
      Planned[] s = slots.get(new SourcePartition(m.topic(), m.partition()));
      assertTrue(m.offset() < s.length, "the topic held only this test's records");
      s[(int) m.offset()] = plan.get(i);
    }
    Map<SourcePartition, List<Planned>> result = new HashMap<>();
    slots.forEach((p, s) -> result.put(p, List.of(s)));
    return result;
  }

  /**
   * Opens the dead gateway's store and compares it with the records below its stored offsets
   * applied one by one to a fresh store.
   *
   * @return the stored offsets
   */
  private static Map<SourcePartition, Long> assertStoreIsASerialPrefix(Path data,
      Map<SourcePartition, List<Planned>> byPartition) {
    try (GroupStore crashed = GroupStore.open(StoreConfig.of(data));
        GroupStore expected = GroupStore.open(new StoreConfig(null, SyncMode.NONE, true, RECORDS, Map.of()))) {
      Map<SourcePartition, Long> offsets = crashed.storedOffsets();
      for (Map.Entry<SourcePartition, Long> e : offsets.entrySet()) {
        List<Planned> partition = byPartition.get(e.getKey());
        for (int i = 0; i < e.getValue(); i++) {
          expected.submit(partition.get(i).toRequest()).join();
        }
      }
      assertEquals(expected.groups(), crashed.groups(), "store at offsets " + offsets);
      return offsets;
    }
  }

  /**
   * A new consumer group each run: the killed gateway's member would hold the partitions until its
   * session times out (45 s by default), and the positions are the store's anyway.
   */
  private static List<String> command(TestKafka kafka, String topic, Path data) throws IOException {
    return GatewayJar.command("--web.listen-address=127.0.0.1:0", "--persistence.file=" + data,
        "--kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--kafka.topic=" + topic,
        "--kafka.group-id=" + TestKafka.uniqueName("crash-group"));
  }

  private static String kafkaLines(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n", -1)) {
      if (line.startsWith("pushbridge_")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
