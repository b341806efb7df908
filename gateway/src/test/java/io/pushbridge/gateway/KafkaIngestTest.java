package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbridge.kafka.KafkaBrokerExtension;
import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.StoreConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway consuming a real broker: records become groups as HTTP pushes do (design §4). */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaIngestTest {
  /**
   * Record timestamps: whole seconds, so push times are known exactly, and recent, as the broker's
   * time-based retention measures record timestamps.
   */
  private static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 60_000;

  @Test
  void aRecordShowsUpInTheScrapeAndTheApi(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 3);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      t.produce(List.of(t.record("job/kafka/instance/a", "# TYPE m gauge\n# HELP m From Kafka.\nm{x=\"1\"} 42\n", T0)));
      t.awaitCaughtUp(gw.http, 3, "pushbridge_kafka_records_applied_total", 1);

      String scrape = gw.scrape();
      assertTrue(scrape.contains("# HELP m From Kafka.\n# TYPE m gauge\nm{instance=\"a\",job=\"kafka\",x=\"1\"} 42\n"), scrape);
      assertEquals(T0 / 1e3, KafkaTopic.sample(scrape, "push_time_seconds{instance=\"a\",job=\"kafka\"}"), 1e-3);
      JsonNode g = gw.group("job", "kafka", "instance", "a");
      assertNotNull(g, gw.groups().toString());
      assertEquals("42", g.get("m").get("metrics").get(0).get("value").asText());
      assertEquals("From Kafka.", g.get("m").get("help").asText());
      assertTrue(g.get("last_push_successful").asBoolean());
    }
  }

  @Test
  void headersSelectMethodFormatAndEncodingLikeHttp(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      t.produce(List.of(
          t.record("job/h", "a 1\nb 2\n", T0),
          t.record("job/h", "b 3\n", T0 + 1000, "method", "POST"),
          t.record("job@base64/aC96", gzip("c 4\n"), T0 + 2000, "Content-Encoding", "gzip"),
          t.record("job/gone", "d 5\n", T0 + 3000),
          t.record("job/gone", "", T0 + 4000, "method", "DELETE")));
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 5);

      String scrape = gw.scrape();
      assertEquals(1.0, KafkaTopic.sample(scrape, "a{instance=\"\",job=\"h\"}"), scrape);
      assertEquals(3.0, KafkaTopic.sample(scrape, "b{instance=\"\",job=\"h\"}"), scrape);
      assertEquals(4.0, KafkaTopic.sample(scrape, "c{instance=\"\",job=\"h/z\"}"), scrape);
      assertNull(gw.group("job", "gone"));
    }
  }

  @Test
  void aTombstoneDeletesTheGroup(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 3);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      t.produce(List.of(t.record("job/doomed/instance/x", "m 1\n", T0), t.record("job/kept", "m 2\n", T0)));
      t.awaitCaughtUp(gw.http, 3, "pushbridge_kafka_records_applied_total", 2);
      assertNotNull(gw.group("job", "doomed", "instance", "x"));

      t.produce(List.of(t.record("job/doomed/instance/x", (byte[]) null, T0 + 1000)));
      t.awaitCaughtUp(gw.http, 3, "pushbridge_kafka_records_applied_total", 3);
      assertNull(gw.group("job", "doomed", "instance", "x"));
      assertNotNull(gw.group("job", "kept"));
      assertTrue(!gw.scrape().contains("job=\"doomed\""));
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheIngestGoesOn(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags("--push.max-body-bytes=1KiB"))) {
      byte[] big = ("m 1\n" + "# " + "x".repeat(2000) + "\n").getBytes(UTF_8);
      t.produce(List.of(
          t.record("job/bad", "m{ 1\n", T0, "trace", "abc"),
          t.record("no-job-here", "m 1\n", T0 + 1),
          t.record("job/big", big, T0 + 2),
          t.record("job/good", "m 7\n", T0 + 3)));
      String scrape = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
      assertEquals(3.0, KafkaTopic.sample(scrape, "pushbridge_kafka_records_dead_lettered_total"), scrape);
      assertNotNull(gw.group("job", "good"));
      assertNull(gw.group("job", "bad"));

      List<ConsumerRecord<byte[], byte[]>> dead = TestClients.readAll(kafka, t.dlq, 3, Duration.ofSeconds(30));
      ConsumerRecord<byte[], byte[]> first = dead.get(0);
      assertEquals("job/bad", new String(first.key(), UTF_8));
      assertEquals("m{ 1\n", new String(first.value(), UTF_8));
      assertEquals(T0, first.timestamp());
      Map<String, String> h = headers(first);
      assertEquals("abc", h.get("trace"));
      assertEquals(t.topic, h.get("source-topic"));
      assertEquals("0", h.get("source-partition"));
      assertEquals("0", h.get("source-offset"));
      assertTrue(h.get("error").startsWith("text format parsing error in line 1: "), h.toString());
      assertEquals("1", headers(dead.get(1)).get("source-offset"));
      assertTrue(headers(dead.get(2)).get("error").contains("1024"), headers(dead.get(2)).toString());
      assertTrue(Arrays.equals(big, dead.get(2).value()));
    }
  }

  @Test
  void ingestMetricsAreScraped(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 3);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      String before = gw.scrape();
      assertTrue(before.contains("# TYPE pushbridge_kafka_records_consumed_total counter\n"), before);
      assertNull(KafkaTopic.sample(before, "pushbridge_kafka_seconds_since_last_record"), before);

      long now = System.currentTimeMillis();
      t.produce(List.of(t.record("job/a", "m 1\n", now - 60_000), t.record("job/b", "m{ 1\n", now - 60_000),
          t.record("job/c", "m 1\n", now - 60_000)));
      String s = Eventually.await("three records handled", Duration.ofSeconds(60), gw::scrape,
          x -> Double.valueOf(2).equals(KafkaTopic.sample(x, "pushbridge_kafka_records_applied_total"))
              && Double.valueOf(1).equals(KafkaTopic.sample(x, "pushbridge_kafka_records_dead_lettered_total"))
              && Arrays.equals(new double[] {0, 3},
                  KafkaTopic.sumAndCount(x, "pushbridge_kafka_partition_lag", "topic=\"" + t.topic + "\"")));
      assertEquals(3.0, KafkaTopic.sample(s, "pushbridge_kafka_records_consumed_total"), s);
      assertEquals(2.0, KafkaTopic.sample(s, "pushbridge_kafka_records_applied_total"), s);
      assertEquals(1.0, KafkaTopic.sample(s, "pushbridge_kafka_records_dead_lettered_total"), s);
      for (int p = 0; p < 3; p++) {
        assertEquals(0.0, KafkaTopic.sample(s,
            "pushbridge_kafka_partition_lag{partition=\"" + p + "\",topic=\"" + t.topic + "\"}"), s);
      }
      double age = KafkaTopic.sample(s, "pushbridge_kafka_seconds_since_last_record");
      assertTrue(age >= 0 && age < 60, s);
      assertTrue(s.contains("# TYPE pushbridge_kafka_expiry_held_back_seconds gauge\n"), s);
      Eventually.await("expiry not held back once caught up", Duration.ofSeconds(30), gw::scrape,
          x -> Double.valueOf(0).equals(KafkaTopic.sample(x, "pushbridge_kafka_expiry_held_back_seconds")));
    }
  }

  @Test
  void httpAndKafkaWritesToOneGroupApplyInArrivalOrder(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      assertEquals(200, gw.http.send("PUT", "/metrics/job/mixed", "a 1\nb 1\n").statusCode());

      // Older by an hour than the HTTP push, yet it arrives later: it replaces the group.
      long hourAgo = System.currentTimeMillis() - 3_600_000;
      t.produce(List.of(t.record("job/mixed", "a 2\n", hourAgo)));
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
      String s = gw.scrape();
      assertEquals(2.0, KafkaTopic.sample(s, "a{instance=\"\",job=\"mixed\"}"), s);
      assertNull(KafkaTopic.sample(s, "b{instance=\"\",job=\"mixed\"}"), s);
      assertEquals(hourAgo / 1e3, KafkaTopic.sample(s, "push_time_seconds{instance=\"\",job=\"mixed\"}"), 1e-3);

      assertEquals(200, gw.http.send("POST", "/metrics/job/mixed", "b 3\n").statusCode());
      s = gw.scrape();
      assertEquals(2.0, KafkaTopic.sample(s, "a{instance=\"\",job=\"mixed\"}"), s);
      assertEquals(3.0, KafkaTopic.sample(s, "b{instance=\"\",job=\"mixed\"}"), s);

      t.produce(List.of(t.record("job/mixed", (byte[]) null, hourAgo)));
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 2);
      assertNull(gw.group("job", "mixed"));
      assertEquals(200, gw.http.send("PUT", "/metrics/job/mixed", "c 4\n").statusCode());
      assertEquals(4.0, KafkaTopic.sample(gw.scrape(), "c{instance=\"\",job=\"mixed\"}"));
    }
  }

  @Test
  void quitStopsTheIngestBeforeTheStoreAndARestartResumesWhereItStopped(TestKafka kafka, @TempDir Path dir)
      throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 3);
    int n = 6_000;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      records.add(t.record("job/q/instance/i" + (i % 50), "m " + i + "\n", T0 + i));
    }
    t.produce(records);
    long appliedBefore;
    try (RunningGateway gw = RunningGateway.start(dir, t.flags("--web.enable-lifecycle"))) {
      Eventually.await("consuming", Duration.ofSeconds(60), gw::scrape,
          s -> KafkaTopic.sample(s, "pushbridge_kafka_records_applied_total") > 0);
      assertEquals(200, gw.http.send("PUT", "/-/quit", null).statusCode());
      assertTrue(gw.gateway.stoppedWithin(Duration.ofSeconds(60)));
    }
    try (GroupStore store = GroupStore.open(StoreConfig.of(dir))) {
      appliedBefore = store.storedOffsets().values().stream().mapToLong(Long::longValue).sum();
    }
    try (RunningGateway gw = RunningGateway.start(dir, t.flags())) {
      String s = Eventually.await("the rest consumed", Duration.ofSeconds(60), gw::scrape,
          x -> Double.valueOf((double) (n - appliedBefore))
              .equals(KafkaTopic.sample(x, "pushbridge_kafka_records_applied_total")));
      assertEquals((double) (n - appliedBefore), KafkaTopic.sample(s, "pushbridge_kafka_records_consumed_total"), s);
      for (int k = 0; k < 50; k++) {
        int last = n - 50 + k;
        assertEquals((double) last, KafkaTopic.sample(s, "m{instance=\"i" + (last % 50) + "\",job=\"q\"}"), s);
      }
    }
  }

  @Test
  void recordsRetentionDeletedWhileTheGatewayWasDownAreCountedInTheScrape(TestKafka kafka, @TempDir Path dir)
      throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    t.produce(List.of(t.record("job/before", "m 0\n", T0)));
    try (RunningGateway gw = RunningGateway.start(dir, t.flags())) {
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
    }
    List<ProducerRecord<byte[], byte[]>> whileDown = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      whileDown.add(t.record("job/down" + i, "m " + i + "\n", T0 + i));
    }
    t.produce(whileDown);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.deleteRecords(Map.of(new TopicPartition(t.topic, 0), RecordsToDelete.beforeOffset(3)))
          .all().get(30, TimeUnit.SECONDS);
    }

    try (RunningGateway gw = RunningGateway.start(dir, t.flags())) {
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 2);
      assertEquals(2.0, KafkaTopic.sample(s, "pushbridge_kafka_records_skipped_total"), s);
      assertNotNull(gw.group("job", "before"));
      assertNull(gw.group("job", "down2"));
      assertNotNull(gw.group("job", "down3"));
    }
  }

  @Test
  void readinessIgnoresKafkaUnlessAsked() throws Exception {
    String nowhere = "--kafka.bootstrap-servers=127.0.0.1:" + ExternalTools.freePort();
    try (RunningGateway gw = RunningGateway.start(null, nowhere)) {
      assertEquals(200, gw.http.get("/-/ready").statusCode());
    }
    try (RunningGateway gw = RunningGateway.start(null, nowhere, "--kafka.ready-requires-broker")) {
      HttpResponse<String> r = gw.http.get("/-/ready");
      assertEquals(503, r.statusCode());
      assertTrue(r.body().contains("Kafka brokers"), r.body());
      assertEquals(200, gw.http.get("/-/healthy").statusCode());
    }
  }

  @Test
  void readinessWithKafkaTurnsReadyOnceTheBrokersAnswer(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags("--kafka.ready-requires-broker"))) {
      Eventually.await("ready", Duration.ofSeconds(30), () -> gw.http.get("/-/ready").statusCode(), c -> c == 200);
    }
  }

  @Test
  void anUnresolvableBrokerFailsTheStart() {
    Gateway.StartupException e = assertThrows(Gateway.StartupException.class,
        () -> RunningGateway.start(null, "--kafka.bootstrap-servers=no-such-host.invalid:9092"));
    assertTrue(e.getMessage().startsWith("cannot start the Kafka ingest from no-such-host.invalid:9092: "),
        e.getMessage());
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> h = new TreeMap<>();
    for (Header header : r.headers()) {
      h.put(header.key(), new String(header.value(), UTF_8));
    }
    return h;
  }

  private static byte[] gzip(String s) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(s.getBytes(UTF_8));
    }
    return out.toByteArray();
  }
}
