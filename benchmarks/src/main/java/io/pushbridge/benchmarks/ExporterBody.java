package io.pushbridge.benchmarks;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.TextRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A push body like a service's exporter produces: 1,000 series over counters, gauges, a few
 * histograms and summaries, with label values of realistic length (routes, pod names). Fixed seed,
 * so every run measures the same bytes.
 */
final class ExporterBody {
  private ExporterBody() {}

  static final int SERIES = 1000;

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  private static final String[] CODES = {"200", "201", "204", "400", "404", "500"};
  private static final String[] ROUTES = {
    "/api/v1/orders", "/api/v1/orders/{orderId}", "/api/v1/orders/{orderId}/items",
    "/api/v1/customers/{customerId}/addresses", "/api/v1/catalog/products", "/healthz",
    "/api/v1/catalog/products/{sku}/availability", "/api/v1/payments/{paymentId}/capture",
    "/api/v2/search", "/metrics", "/api/v1/carts/{cartId}", "/api/v1/shipping/quotes",
  };
  private static final double[] BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY,
  };

  /** The families as a client pushes them (no grouping labels). */
  static List<MetricFamily> families() {
    SplittableRandom r = new SplittableRandom(20261123);
    List<MetricFamily> families = new ArrayList<>();
    List<Metric> requests = new ArrayList<>();
    for (String method : METHODS) {
      for (String route : ROUTES) {
        for (String code : CODES) {
          requests.add(new Metric.Scalar(
              Labels.of("method", method, "handler", route, "code", code),
              Math.floor(r.nextDouble() * 2_000_000)));
        }
      }
    }
    families.add(new MetricFamily("http_server_requests_total",
        "Total number of HTTP requests handled, by method, route and status code.",
        MetricType.COUNTER, requests));

    List<Metric> durations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long count = r.nextLong(1000, 5_000_000);
      List<Metric.Bucket> buckets = new ArrayList<>();
      long cumulative = 0;
      for (double bound : BOUNDS) {
        cumulative = bound == Double.POSITIVE_INFINITY ? count
            : Math.min(count, cumulative + r.nextLong(0, count / 8 + 1));
        buckets.add(new Metric.Bucket(bound, cumulative));
      }
      durations.add(new Metric.Histogram(
          Labels.of("method", METHODS[i % 4], "uri", ROUTES[i % ROUTES.length], "outcome", "SUCCESS"),
          count, count * r.nextDouble() * 0.2, buckets, Metric.NO_TIMESTAMP));
    }
    families.add(new MetricFamily("http_server_request_duration_seconds",
        "Duration of HTTP server requests.", MetricType.HISTOGRAM, durations));

    List<Metric> rpc = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rpc.add(new Metric.Summary(
          Labels.of("service", "inventory.v1.StockService", "method", "Reserve" + i),
          r.nextLong(100, 1_000_000), r.nextDouble() * 5000,
          List.of(new Metric.Quantile(0.5, r.nextDouble() * 0.05),
              new Metric.Quantile(0.9, r.nextDouble() * 0.2),
              new Metric.Quantile(0.99, r.nextDouble())),
          Metric.NO_TIMESTAMP));
    }
    families.add(new MetricFamily("rpc_client_duration_seconds", "RPC client latency.",
        MetricType.SUMMARY, rpc));

    List<Metric> pods = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      pods.add(new Metric.Scalar(
          Labels.of("namespace", i % 3 == 0 ? "checkout" : "storefront-production",
              "pod", "checkout-service-7d9f8b6c5d-" + Long.toString(r.nextLong(1L << 40), 36),
              "condition", i % 2 == 0 ? "true" : "false"),
          i % 2));
    }
    families.add(new MetricFamily("kube_pod_status_ready",
        "Describes whether the pod is ready to serve requests.", MetricType.GAUGE, pods));

    List<Metric> network = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      network.add(new Metric.Scalar(Labels.of("device", "veth" + Integer.toHexString(r.nextInt())),
          Math.floor(r.nextDouble() * 1e12)));
    }
    families.add(new MetricFamily("node_network_receive_bytes_total",
        "Network device statistic receive_bytes.", MetricType.COUNTER, network));

    List<Metric> queues = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      queues.add(new Metric.Scalar(Labels.of("queue", "orders.fulfilment.retry", "shard",
          Integer.toString(i)), r.nextInt(0, 5000)));
    }
    families.add(new MetricFamily("queue_depth_messages", "Messages waiting per queue shard.",
        MetricType.GAUGE, queues));

    List<Metric> jobs = new ArrayList<>();
    int left = SERIES - requests.size() - durations.size() - rpc.size() - pods.size()
        - network.size() - queues.size();
    for (int i = 0; i < left; i++) {
      jobs.add(new Metric.Scalar(Labels.of("task", "nightly-export-" + i),
          1.7953566e9 + r.nextDouble() * 1e5));
    }
    families.add(new MetricFamily("batch_last_success_timestamp_seconds", null,
        MetricType.GAUGE, jobs));
    return families;
  }

  /** The families as the store holds them: every series with the group's labels. */
  static List<MetricFamily> stored(List<MetricFamily> pushed) {
    Labels group = Labels.of("job", "storefront", "instance", "10.42.7.13:9102");
    List<MetricFamily> result = new ArrayList<>();
    for (MetricFamily f : pushed) {
      List<Metric> metrics = new ArrayList<>();
      for (Metric m : f.metrics()) {
        metrics.add(m.withLabels(m.labels().withAll(group)));
      }
      result.add(f.withMetrics(metrics));
    }
    return result;
  }

  /** The text body a client pushes. */
  static byte[] text(List<MetricFamily> families) {
    ByteArrayBuilder out = new ByteArrayBuilder(1 << 16);
    TextRenderer.render(families, out);
    return out.toByteArray();
  }
}
