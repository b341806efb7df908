package io.pushbridge.gateway;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.Limit;
import io.pushbridge.store.StoreStats;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The store's size and write path as gauges, read from {@link GroupStore#stats()} at scrape time,
 * and the pushes its limits refused (beyond upstream, which has no such metrics). No series before
 * the store is open.
 */
final class StoreMetrics {
  private StoreMetrics() {}

  static void register(PrometheusRegistry registry, Supplier<GroupStore> store) {
    gauge(registry, store, "pushbridge_store_groups", "Groups held by the store.", StoreStats::groups);
    gauge(registry, store, "pushbridge_store_series", "Series held by the store.", StoreStats::series);
    gauge(registry, store, "pushbridge_store_queue_depth", "Changes waiting for the store's writer.",
        StoreStats::queueDepth);
    gauge(registry, store, "pushbridge_store_last_batch_duration_seconds",
        "Time the store's writer took for its last batch of changes.", s -> s.lastBatchNanos() / 1e9);
    gauge(registry, store, "pushbridge_store_last_sync_duration_seconds",
        "Time the last sync of the store's write-ahead log took.", s -> s.lastSyncNanos() / 1e9);
    CounterWithCallback.builder()
        .name("pushbridge_store_write_failures_total")
        .help("Batches of changes the store failed to write; while the last one failed, /-/healthy answers 500.")
        .callback(cb -> {
          GroupStore s = store.get();
          if (s != null) {
            cb.call((double) s.stats().failedWrites());
          }
        })
        .register(registry);
    CounterWithCallback.builder()
        .name("pushbridge_limit_rejections_total")
        .help("Pushes refused whole because they would exceed a --limits.* limit, by limit.")
        .labelNames("limit")
        .callback(cb -> {
          GroupStore s = store.get();
          if (s != null) {
            for (Map.Entry<Limit, Long> e : s.limitRejections().entrySet()) {
              cb.call(e.getValue(), e.getKey().id());
            }
          }
        })
        .register(registry);
  }

  private static void gauge(PrometheusRegistry registry, Supplier<GroupStore> store, String name, String help,
      ToDoubleFunction<StoreStats> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> {
          GroupStore s = store.get();
          if (s != null) {
            cb.call(value.applyAsDouble(s.stats()));
          }
        })
        .register(registry);
  }
}
