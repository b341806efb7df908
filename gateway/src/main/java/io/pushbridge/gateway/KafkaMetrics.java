package io.pushbridge.gateway;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.kafka.KafkaIngestStats;
import io.pushbridge.kafka.KafkaIngestor;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The Kafka ingest's progress (beyond upstream), read at scrape time from {@link
 * KafkaIngestor#stats()}. No series before the ingest has started.
 */
final class KafkaMetrics {
  private KafkaMetrics() {}

  /** {@code clock}: the store's, whose expiry the ingest holds back. */
  static void register(PrometheusRegistry registry, Supplier<KafkaIngestor> ingestor, Supplier<Clock> clock) {
    counter(registry, ingestor, "pushbridge_kafka_records_consumed",
        "Records taken from Kafka since the start (a record read again after a failure counts again).",
        KafkaIngestStats::consumed);
    counter(registry, ingestor, "pushbridge_kafka_records_applied",
        "Records applied to the store (durable and visible) since the start.", KafkaIngestStats::applied);
    counter(registry, ingestor, "pushbridge_kafka_records_dead_lettered",
        "Records published to the dead-letter topic since the start: undecodable, or refused by the store's checks.",
        KafkaIngestStats::deadLettered);
    counter(registry, ingestor, "pushbridge_kafka_store_full_pauses",
        "How often the store's full write queue paused consumption since the start.",
        KafkaIngestStats::storeFullPauses);
    counter(registry, ingestor, "pushbridge_kafka_records_skipped",
        "Records deleted from Kafka (retention) before this gateway read them, since the start: lost, never applied.",
        KafkaIngestStats::skipped);
    GaugeWithCallback.builder()
        .name("pushbridge_kafka_seconds_since_last_record")
        .help("Seconds since the last record was consumed. No value before the first.")
        .callback(cb -> {
          KafkaIngestor i = ingestor.get();
          long last = i == null ? -1 : i.stats().lastConsumedAtMs();
          if (last >= 0) {
            cb.call(Math.max(0, System.currentTimeMillis() - last) / 1e3);
          }
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("pushbridge_kafka_partition_lag")
        .help("Records of an assigned partition not yet applied to the store, up to the partition's end as last "
            + "fetched. No value before a partition's first fetch.")
        .labelNames("topic", "partition")
        .callback(cb -> {
          KafkaIngestor i = ingestor.get();
          if (i != null) {
            i.stats().lag().forEach((p, lag) ->
                cb.call((double) lag, p.topic(), Integer.toString(p.partition())));
          }
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("pushbridge_kafka_expiry_held_back_seconds")
        .help("How far the Kafka ingest holds group expiry behind the clock: from the timestamp of the last record "
            + "applied of a partition not caught up to now; 0 while every partition is caught up, +Inf before the "
            + "first assignment, while a rebalance has left no partition assigned, and while a partition behind has had no "
            + "record applied since the start.")
        .callback(cb -> {
          KafkaIngestor i = ingestor.get();
          if (i != null) {
            cb.call(heldBackSeconds(i.readUpToNanos(), clock.get().instant()));
          }
        })
        .register(registry);
  }

  /** Seconds from {@code horizonNanos} to {@code now}, 0 when the horizon is not behind. */
  static double heldBackSeconds(long horizonNanos, Instant now) {
    if (horizonNanos == Long.MIN_VALUE) {
      return Double.POSITIVE_INFINITY;
    }
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return horizonNanos >= nowNanos ? 0 : (nowNanos - horizonNanos) / 1e9;
  }

  private static void counter(PrometheusRegistry registry, Supplier<KafkaIngestor> ingestor, String name,
      String help, ToLongFunction<KafkaIngestStats> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> {
          KafkaIngestor i = ingestor.get();
          if (i != null) {
            cb.call((double) value.applyAsLong(i.stats()));
          }
        })
        .register(registry);
  }
}
