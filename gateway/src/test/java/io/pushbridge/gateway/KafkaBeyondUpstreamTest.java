package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.kafka.KafkaBrokerExtension;
import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import io.pushbridge.store.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What Pushbridge adds beyond upstream works the same for Kafka records as for HTTP pushes. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBeyondUpstreamTest {
  /** Whole seconds, and recent: the broker's retention measures record timestamps. */
  private static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 60_000;

  @Test
  void aTtlHeaderGivesTheGroupADeadlineFromTheRecordTimestamp(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      t.produce(List.of(
          t.record("job/ttl", "m 1\n", T0, "ttl", "1h"),
          t.record("job/forever", "m 2\n", T0)));
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 2);

      Double deadline = KafkaTopic.sample(s, "push_expiry_time_seconds{instance=\"\",job=\"ttl\"}");
      assertNotNull(deadline, s);
      assertEquals(T0 / 1e3 + 3600, deadline, 1e-3, s);
      assertNull(KafkaTopic.sample(s, "push_expiry_time_seconds{instance=\"\",job=\"forever\"}"), s);
    }
  }

  /**
   * The HA bug this guards against: a gateway down for a minute while a job went on pushing with a
   * 10 s TTL, every record renewing the group before its deadline in record time. On its return its
   * clock is past every deadline but the last; it must not delete the group before it has read the
   * records that renewed it, or the POSTs rebuild it without the families only the PUT brought.
   */
  @Test
  void aReplayingGatewayKeepsAGroupItsUnreadRecordsRenewAndExpiresItOnceCaughtUp(TestKafka kafka, @TempDir Path dir)
      throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    long now = System.currentTimeMillis() / 1000 * 1000;
    SettableClock clock = new SettableClock((now - 60_000) * 1_000_000L);
    t.produce(List.of(t.record("job/g", "a 1\nb 2\n", now - 60_000, "ttl", "10s")));
    try (RunningGateway gw = RunningGateway.start(dir, clock, t.flags())) {
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
    }
    List<ProducerRecord<byte[], byte[]>> posts = new ArrayList<>();
    for (int s = 55; s >= 5; s -= 5) {
      posts.add(t.record("job/g", "c " + s + "\n", now - s * 1000L, "method", "POST", "ttl", "10s"));
    }
    t.produce(posts);

    clock.set(now * 1_000_000L);
    try (RunningGateway gw = RunningGateway.start(dir, clock, t.flags())) {
      gw.gateway.store().expireNow().get();
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", posts.size());
      assertEquals(1.0, KafkaTopic.sample(s, "a{instance=\"\",job=\"g\"}"), s);
      assertEquals(2.0, KafkaTopic.sample(s, "b{instance=\"\",job=\"g\"}"), s);
      assertEquals(5.0, KafkaTopic.sample(s, "c{instance=\"\",job=\"g\"}"), s);
      assertEquals(now / 1e3 + 5, KafkaTopic.sample(s, "push_expiry_time_seconds{instance=\"\",job=\"g\"}"), 1e-3, s);
      Eventually.await("expiry no longer held back", Duration.ofSeconds(30), gw::scrape,
          x -> Double.valueOf(0).equals(KafkaTopic.sample(x, "pushbridge_kafka_expiry_held_back_seconds")));

      clock.set((now + 5_000) * 1_000_000L - 1);
      gw.gateway.store().expireNow().get();
      assertNotNull(gw.group("job", "g"));
      clock.set((now + 5_000) * 1_000_000L);
      Eventually.await("the group expired by the sweeper", Duration.ofSeconds(30), gw::scrape,
          x -> !x.contains("job=\"g\""));
    }
  }

  @Test
  void anOpenMetricsRecordIsParsedAsAnOpenMetricsPush(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      t.produce(List.of(t.record("job/om",
          "# TYPE jobs counter\n# HELP jobs Jobs run.\njobs_total 3\n# EOF\n", T0,
          "content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8")));
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);

      assertTrue(s.contains("""
          # HELP jobs_total Jobs run.
          # TYPE jobs_total counter
          jobs_total{instance="",job="om"} 3
          """), s);
    }
  }

  @Test
  void aRecordOverAnAdmissionLimitIsDeadLetteredAndChangesNothing(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags("--limits.max-series-per-group=1"))) {
      t.produce(List.of(
          t.record("job/narrow", "a 1\n", T0),
          t.record("job/narrow", "a 1\nb 2\n", T0 + 1000),
          t.record("job/after", "c 3\n", T0 + 2000)));
      t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 2);
      // A record the store refuses is dead-lettered once the refusal is known, after its offset.
      String s = Eventually.await("the refused record dead-lettered", Duration.ofSeconds(30), gw::scrape,
          x -> Double.valueOf(1).equals(KafkaTopic.sample(x, "pushbridge_kafka_records_dead_lettered_total")));
      assertEquals(1.0, KafkaTopic.sample(s, "pushbridge_limit_rejections_total{limit=\"max-series-per-group\"}"), s);
      assertEquals(1.0, KafkaTopic.sample(s, "a{instance=\"\",job=\"narrow\"}"), s);
      assertNull(KafkaTopic.sample(s, "b{instance=\"\",job=\"narrow\"}"), s);
      assertEquals(T0 / 1e3, KafkaTopic.sample(s, "push_time_seconds{instance=\"\",job=\"narrow\"}"), 1e-3, s);
      assertNotNull(gw.group("job", "after"));

      List<ConsumerRecord<byte[], byte[]>> dead = TestClients.readAll(kafka, t.dlq, 1, Duration.ofSeconds(30));
      String error = null;
      for (Header h : dead.get(0).headers()) {
        if (h.key().equals("error")) {
          error = new String(h.value(), UTF_8);
        }
      }
      assertNotNull(error);
      assertTrue(error.startsWith("limit --limits.max-series-per-group=1 exceeded: "), error);
    }
  }
}
