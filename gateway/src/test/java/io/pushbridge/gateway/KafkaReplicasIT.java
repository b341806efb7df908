package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbridge.kafka.KafkaBrokerExtension;
import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * High availability as the README sets it up: two gateways, each with its own consumer group and
 * its own store, consume one topic and serve the same groups, byte for byte, in {@code /metrics}
 * (their own metrics aside) and {@code /api/v1/metrics}; still after one is stopped cleanly and the
 * other killed with SIGKILL while records keep coming. One gateway runs in this JVM, the other is
 * the packaged jar in a child JVM.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaReplicasIT {
  private static final int PARTITIONS = 3;
  /** Whole seconds in the past: push times are known exactly, and within the broker's retention. */
  private static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 60_000;
  /**
   * The partition of the two groups whose pushes conflict. The consistency check compares a push
   * with the other groups as the gateway holds them at that moment; records of different
   * partitions interleave differently on each replica, so only records of one partition refuse
   * the same push everywhere.
   */
  private static final int CONFLICT_PARTITION = 1;
  /** The families a gateway exposes about itself, which differ between replicas. */
  private static final Pattern OWN = Pattern.compile("(jvm|process|pushgateway|pushbridge)_.*");
  /** The metric name of a sample, HELP or TYPE line. */
  private static final Pattern FAMILY = Pattern.compile("(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final String TEMP_HELP = "# HELP ha_temp Room temperature.\n";

  @TempDir Path dir;

  @Test
  void twoGatewaysWithTheirOwnGroupIdsServeIdenticalViewsAcrossACleanStopAndAKill(TestKafka kafka)
      throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, PARTITIONS);
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    String[] flagsA = t.flagsInGroup(TestKafka.uniqueName("replica-a"));
    // The SIGKILLed replica's consumer holds the partitions until its session times out.
    List<String> commandB = GatewayJar.command(concat(
        new String[] {"--web.listen-address=127.0.0.1:0", "--persistence.file=" + dataB},
        t.flagsInGroup(TestKafka.uniqueName("replica-b"), "--kafka.consumer.session.timeout.ms=6000")));

    List<ProducerRecord<byte[], byte[]>> first = firstBatch(t);
    int firstDeadLetters = 4; // the refused push and the three undecodable records
    RunningGateway a = RunningGateway.start(dataA, flagsA);
    try (ChildProcess b = ChildProcess.start(commandB, dir.resolve("b1.log"))) {
      Http httpB = GatewayJar.awaitReady(b);
      t.produce(first);
      awaitConsumed(a.http, "a", first.size(), firstDeadLetters);
      awaitConsumed(httpB, "b", first.size(), firstDeadLetters);
      assertIdentical(a.http, httpB);
      assertFirstBatchApplied(a);
      // Its refused record is dead-lettered after its offset is stored: awaitConsumed saw both.
      b.kill();
    } finally {
      a.close();
    }

    List<ProducerRecord<byte[], byte[]>> whileDown = secondBatch(t);
    t.produce(whileDown);
    int laterDeadLetters = 1; // the record that is not gzip
    List<ProducerRecord<byte[], byte[]>> live = thirdBatch(t);
    try (RunningGateway a2 = RunningGateway.start(dataA, flagsA);
        ChildProcess b = ChildProcess.start(commandB, dir.resolve("b2.log"))) {
      Http httpB = GatewayJar.awaitReady(b);
      t.produce(live);
      int records = whileDown.size() + live.size();
      awaitConsumed(a2.http, "a after a clean stop", records, laterDeadLetters);
      awaitConsumed(httpB, "b after SIGKILL", records, laterDeadLetters);
      assertIdentical(a2.http, httpB);
      assertAllBatchesApplied(a2);

      assertEquals(200, a2.http.send("PUT", "/metrics/job/ha/instance/http", "ha_http 1\n").statusCode());
      assertNotNull(a2.group("job", "ha", "instance", "http"));
      assertFalse(httpB.get("/api/v1/metrics").body().contains("\"instance\":\"http\""),
          "an HTTP push lands only on the gateway that took it");
    }

    assertEachDeadLetterOncePerReplica(kafka, t, firstDeadLetters + laterDeadLetters);
  }

  /**
   * PUTs, a POST merging families, a tombstone, a DELETE, a push the consistency check refuses,
   * three undecodable records, a TTL that holds and one already past.
   */
  private static List<ProducerRecord<byte[], byte[]>> firstBatch(KafkaTopic t) {
    String temp = TEMP_HELP + "# TYPE ha_temp gauge\n";
    return List.of(
        rec(t, "put", temp + "ha_temp{room=\"a\"} 21.5\n", 0),
        rec(t, "put", temp + "ha_temp{room=\"a\"} 22.5\n", 1),
        rec(t, "post", "ha_a 1\nha_b 2\n", 2),
        rec(t, "post", "ha_b 3\nha_c 4\n", 3, "method", "POST"),
        rec(t, "tomb", "ha_x 1\n", 4),
        rec(t, "tomb", null, 5),
        rec(t, "del", "ha_x 1\n", 6),
        rec(t, "del", "ignored", 7, "method", "DELETE"),
        conflicting(rec(t, "gauge", "# TYPE ha_shared gauge\nha_shared 5\n", 8)),
        conflicting(rec(t, "counter", "ha_other 1\n", 9)),
        conflicting(rec(t, "counter", "# TYPE ha_shared counter\nha_shared 3\n", 10)),
        rec(t, "bad", "ha_bad{ 1\n", 11),
        t.record("no-job-here", "ha_x 1\n", T0 + 12_000),
        rec(t, "patch", "ha_x 1\n", 13, "method", "PATCH"),
        rec(t, "ttl", "ha_ttl 1\n", 14, "ttl", "1h"),
        rec(t, "expired", "ha_gone 1\n", 15, "ttl", "1s"),
        rec(t, "help", "# HELP ha_temp Another room's temperature.\n# TYPE ha_temp gauge\nha_temp{room=\"b\"} 19\n",
            16));
  }

  /** Produced while both gateways are down. */
  private static List<ProducerRecord<byte[], byte[]>> secondBatch(KafkaTopic t) {
    return List.of(
        rec(t, "put", "ha_humidity 40\n", 20, "method", "POST"),
        rec(t, "tomb", "ha_back 1\n", 21),
        rec(t, "post", null, 22),
        conflicting(rec(t, "counter", "ha_other 2\n", 23)),
        rec(t, "ttl", "ha_more 1\n", 24, "method", "POST"),
        rec(t, "zipped", "ha_x 1\n", 25, "content-encoding", "gzip"));
  }

  /** Produced once both are back. */
  private static List<ProducerRecord<byte[], byte[]>> thirdBatch(KafkaTopic t) {
    return List.of(
        rec(t, "late", "ha_late 1\n", 30),
        conflicting(rec(t, "gauge", "", 31, "method", "DELETE")));
  }

  private static void assertFirstBatchApplied(RunningGateway gw) throws Exception {
    assertEquals(new TreeSet<>(List.of("counter", "gauge", "help", "post", "put", "ttl")), instances(gw));
    JsonNode put = group(gw, "put");
    assertEquals("22.5", value(put, "ha_temp"));
    assertEquals(seconds(1), Double.parseDouble(value(put, "push_time_seconds")));

    JsonNode post = group(gw, "post");
    assertEquals(List.of("1", "3", "4"), List.of(value(post, "ha_a"), value(post, "ha_b"), value(post, "ha_c")));
    assertEquals(seconds(3), Double.parseDouble(value(post, "push_time_seconds")));
    assertEquals(time(post, "ha_b"), time(post, "ha_c"));
    assertNotEquals(time(post, "ha_a"), time(post, "ha_b"), "a POST keeps the families it does not push");

    JsonNode refused = group(gw, "counter");
    assertEquals(seconds(10), Double.parseDouble(value(refused, "push_failure_time_seconds")));
    assertEquals(seconds(9), Double.parseDouble(value(refused, "push_time_seconds")));
    assertEquals("1", value(refused, "ha_other"));
    assertNull(refused.get("ha_shared"));
    assertFalse(refused.get("last_push_successful").asBoolean());
    assertEquals("GAUGE", group(gw, "gauge").get("ha_shared").get("type").asText());

    assertEquals(seconds(14) + 3600, Double.parseDouble(value(group(gw, "ttl"), "push_expiry_time_seconds")));
    // Two helps for one family: the first group's in key order, on every replica.
    String scrape = gw.scrape();
    assertTrue(scrape.contains("# HELP ha_temp Another room's temperature.\n"), scrape);
  }

  private static void assertAllBatchesApplied(RunningGateway gw) throws Exception {
    assertEquals(new TreeSet<>(List.of("counter", "help", "late", "put", "tomb", "ttl")), instances(gw));
    JsonNode put = group(gw, "put");
    assertEquals("22.5", value(put, "ha_temp"));
    assertEquals("40", value(put, "ha_humidity"));
    assertEquals(seconds(20), Double.parseDouble(value(put, "push_time_seconds")));

    JsonNode back = group(gw, "tomb");
    assertEquals("1", value(back, "ha_back"));
    assertNull(back.get("ha_x"));

    JsonNode counter = group(gw, "counter");
    assertEquals("2", value(counter, "ha_other"));
    assertEquals(seconds(10), Double.parseDouble(value(counter, "push_failure_time_seconds")));
    assertTrue(counter.get("last_push_successful").asBoolean());

    JsonNode ttl = group(gw, "ttl");
    assertEquals("1", value(ttl, "ha_more"));
    assertNull(ttl.get("push_expiry_time_seconds"), "a push without a TTL removes the deadline");
    assertEquals(seconds(30), Double.parseDouble(value(group(gw, "late"), "push_time_seconds")));
  }

  /**
   * Waits until the gateway has taken {@code records} records since its start, applied or
   * dead-lettered each (the refused ones published), and sees no lag on any partition; then every
   * group whose TTL has passed is gone.
   */
  private static void awaitConsumed(Http http, String who, int records, int deadLetters) throws Exception {
    String topic = "topic=\"";
    Eventually.await(who + " consuming " + records + " records", Duration.ofSeconds(60),
        () -> http.get("/metrics").body(), s -> {
          double[] lag = KafkaTopic.sumAndCount(s, "pushbridge_kafka_partition_lag", topic);
          Double consumed = KafkaTopic.sample(s, "pushbridge_kafka_records_consumed_total");
          Double applied = KafkaTopic.sample(s, "pushbridge_kafka_records_applied_total");
          Double dead = KafkaTopic.sample(s, "pushbridge_kafka_records_dead_lettered_total");
          return lag[1] == PARTITIONS && lag[0] == 0 && consumed != null && consumed == records
              && dead != null && dead == deadLetters && applied != null && applied == records - deadLetters
              && !s.contains("instance=\"expired\"");
        });
  }

  /** Both gateways answer alike, their own metrics aside; the store's gauges count the same. */
  private static void assertIdentical(Http a, Http b) throws Exception {
    assertEquals(a.get("/api/v1/metrics").body(), b.get("/api/v1/metrics").body());
    String scrapeA = a.get("/metrics").body();
    String scrapeB = b.get("/metrics").body();
    assertEquals(pushedOnly(scrapeA), pushedOnly(scrapeB));
    for (String gauge : List.of("pushbridge_store_groups", "pushbridge_store_series")) {
      assertEquals(KafkaTopic.sample(scrapeA, gauge), KafkaTopic.sample(scrapeB, gauge), gauge);
    }
  }

  /** The scrape without the families the gateway exposes about itself. */
  private static String pushedOnly(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n", -1)) {
      Matcher name = FAMILY.matcher(line);
      if (line.isEmpty() || (name.lookingAt() && !OWN.matcher(name.group(1)).matches())) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Each replica dead-letters what it cannot apply: the dead-letter topic holds every such record
   * once per replica, with the same source position.
   */
  private static void assertEachDeadLetterOncePerReplica(TestKafka kafka, KafkaTopic t, int deadLetters) {
    Map<String, Integer> copies = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TestClients.readAll(kafka, t.dlq, 2 * deadLetters, Duration.ofSeconds(30))) {
      String position = header(r, "source-partition") + "/" + header(r, "source-offset") + " "
          + new String(r.key(), UTF_8);
      copies.merge(position, 1, Integer::sum);
    }
    assertEquals(deadLetters, copies.size(), copies.toString());
    assertTrue(copies.values().stream().allMatch(n -> n == 2), copies.toString());
    assertTrue(copies.keySet().stream().anyMatch(k -> k.endsWith(" job/ha/instance/counter")), copies.toString());
  }

  private static ProducerRecord<byte[], byte[]> rec(KafkaTopic t, String instance, String body, int second,
      String... headers) {
    return t.record("job/ha/instance/" + instance, body, T0 + second * 1000L, headers);
  }

  private static ProducerRecord<byte[], byte[]> conflicting(ProducerRecord<byte[], byte[]> r) {
    return new ProducerRecord<>(r.topic(), CONFLICT_PARTITION, r.timestamp(), r.key(), r.value(), r.headers());
  }

  private static double seconds(int second) {
    return (T0 + second * 1000L) / 1e3;
  }

  private static Set<String> instances(RunningGateway gw) throws Exception {
    Set<String> instances = new TreeSet<>();
    for (JsonNode g : gw.groups()) {
      instances.add(g.get("labels").get("instance").asText());
    }
    return instances;
  }

  private static JsonNode group(RunningGateway gw, String instance) throws Exception {
    JsonNode g = gw.group("job", "ha", "instance", instance);
    assertNotNull(g, instance + " in " + gw.groups());
    return g;
  }

  private static String value(JsonNode group, String family) {
    assertNotNull(group.get(family), family + " in " + group);
    return group.get(family).get("metrics").get(0).get("value").asText();
  }

  private static String time(JsonNode group, String family) {
    return group.get(family).get("time_stamp").asText();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), UTF_8);
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }
}
