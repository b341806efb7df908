package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.exposer.RegistryFamilies;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
  private static final PrometheusRegistry registry = new PrometheusRegistry();
  private static HttpServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    HttpMetrics metrics = new HttpMetrics(registry, BuildInfo.current());
    Router router = Router.builder()
        .route(Methods.GET, "/-/healthy", metrics.counted("healthy", ex -> GoHttp.send(ex, "OK")))
        .push("/metrics", metrics.countedPush((ex, key) -> {
          if (key.contains("bad")) {
            GoHttp.error(ex, 400, "bad");
          } else {
            ex.setStatusCode(ex.getRequestMethod().equals(Methods.DELETE) ? 202 : 200);
            ex.endExchange();
          }
        }))
        .build();
    server = HttpServer.start(List.of(new ListenAddress("127.0.0.1", 0)), WebConfig.NONE, router,
        HttpServer.Workers.defaults(), exchange -> false);
    http = new Http("http://127.0.0.1:" + server.boundAddresses().get(0).getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(Duration.ofSeconds(5));
  }

  private static MetricFamily family(String name) {
    return RegistryFamilies.collect(registry).stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no family " + name));
  }

  private static double requests(String code, String handler, String method) {
    return family("pushgateway_http_requests_total").metrics().stream()
        .filter(m -> m.labels().equals(Labels.of("code", code, "handler", handler, "method", method)))
        .mapToDouble(m -> ((Metric.Scalar) m).value()).sum();
  }

  @Test
  void countsNamedHandlersAndPushesButNotRouterAnswers() throws Exception {
    String[][] series = {
        {"200", "healthy", "get"}, {"200", "push", "put"}, {"400", "push", "put"},
        {"200", "push", "post"}, {"202", "delete", "delete"}};
    double[] before = new double[series.length];
    for (int i = 0; i < series.length; i++) {
      before[i] = requests(series[i][0], series[i][1], series[i][2]);
    }
    http.get("/-/healthy");
    http.send("PUT", "/metrics/job/a", "x 1\n");
    http.send("PUT", "/metrics/job/bad", "x 1\n");
    http.send("POST", "/metrics/job/a", "x 1\n");
    http.send("DELETE", "/metrics/job/a", null);
    http.get("/metrics/job/a");
    http.get("/nope");

    for (int i = 0; i < series.length; i++) {
      assertEquals(before[i] + 1, requests(series[i][0], series[i][1], series[i][2]), String.join(",", series[i]));
    }
    assertEquals(series.length, family("pushgateway_http_requests_total").metrics().size());
  }

  @Test
  void pushSummariesHaveUpstreamsShape() throws Exception {
    http.send("PUT", "/metrics/job/s", "some_metric 3.14\n");
    MetricFamily duration = family("pushgateway_http_push_duration_seconds");
    assertEquals(MetricType.SUMMARY, duration.type());
    assertEquals("HTTP request duration for pushes to the Pushgateway.", duration.help());
    Metric.Summary put = (Metric.Summary) duration.metrics().stream()
        .filter(m -> m.labels().equals(Labels.of("method", "put"))).findFirst().orElseThrow();
    assertEquals(List.of(0.1, 0.5, 0.9), put.quantiles().stream().map(Metric.Quantile::quantile).toList());
    assertTrue(put.count() >= 1);
    Metric.Summary size = (Metric.Summary) family("pushgateway_http_push_size_bytes").metrics().stream()
        .filter(m -> m.labels().equals(Labels.of("method", "put"))).findFirst().orElseThrow();
    assertTrue(size.sum() > "/metrics/job/s".length() + "some_metric 3.14\n".length(), "size " + size.sum());
  }

  @Test
  void buildInfoIsAConstantOneWithUpstreamsLabels() {
    MetricFamily info = family("pushgateway_build_info");
    assertEquals(MetricType.GAUGE, info.type());
    Metric.Scalar one = (Metric.Scalar) info.metrics().get(0);
    assertEquals(1.0, one.value());
    assertEquals(List.of("branch", "goarch", "goos", "goversion", "revision", "version"),
        List.copyOf(one.labels().toMap().keySet()));
  }
}
