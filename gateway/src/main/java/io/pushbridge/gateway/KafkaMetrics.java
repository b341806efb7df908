package io.pushbridge.gateway;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.kafka.KafkaIngestStats;
import io.pushbridge.kafka.KafkaIngestor;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The Kafka ingest's progress (beyond upstream), read at scrape time from {@link
 * KafkaIngestor#stats()}. No series before the ingest has started.
 */
final class KafkaMetrics {
  private KafkaMetrics() {}

  static void register(PrometheusRegistry registry, Supplier<KafkaIngestor> ingestor) {
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
