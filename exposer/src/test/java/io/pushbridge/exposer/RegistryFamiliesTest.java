package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryFamiliesTest {

  @Test
  void convertsClientJavaMetricsWithTheirExpositionNames() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter requests = Counter.builder().name("reqs_total").help("Requests.").labelNames("code").register(registry);
    requests.labelValues("200").inc(3);
    Gauge.builder().name("temp").help("Temperature.").register(registry).set(21.5);
    Summary.builder().name("lat").help("Latency.").quantile(0.5, 0.01).register(registry).observe(2);
    Histogram.builder().name("size").help("Size.").classicUpperBounds(1, 10).classicOnly().register(registry).observe(5);
    Info.builder().name("build_info").help("Build.").labelNames("version").register(registry).setLabelValues("1.0");
    Counter.builder().name("unused").help("Never incremented.").labelNames("x").register(registry);

    List<MetricFamily> families = RegistryFamilies.collect(registry);
    assertEquals(List.of("build_info", "lat", "reqs_total", "size", "temp"), families.stream().map(MetricFamily::name).toList());

    MetricFamily counter = families.get(2);
    assertEquals(MetricType.COUNTER, counter.type());
    assertEquals("Requests.", counter.help());
    assertEquals(List.of(new Metric.Scalar(Labels.of("code", "200"), 3)), counter.metrics());

    assertEquals(MetricType.GAUGE, families.get(0).type());
    assertEquals(List.of(new Metric.Scalar(Labels.of("version", "1.0"), 1)), families.get(0).metrics());

    Metric.Summary summary = (Metric.Summary) families.get(1).metrics().get(0);
    assertEquals(1, summary.count());
    assertEquals(2.0, summary.sum());
    assertEquals(0.5, summary.quantiles().get(0).quantile());

    Metric.Histogram histogram = (Metric.Histogram) families.get(3).metrics().get(0);
    assertEquals(List.of(new Metric.Bucket(1, 0), new Metric.Bucket(10, 1), new Metric.Bucket(Double.POSITIVE_INFINITY, 1)),
        histogram.buckets());
    assertEquals(1, histogram.count());
  }

  @Test
  void typesIncludeFamiliesWithoutSeries() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("unused_total").help("x").labelNames("x").register(registry);
    Summary.builder().name("d").help("x").labelNames("m").register(registry);
    assertEquals(Map.of("unused_total", MetricType.COUNTER, "d", MetricType.SUMMARY), RegistryFamilies.types(registry));
  }
}
