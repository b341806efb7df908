package io.pushbridge.exposer;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The gateway's own metrics (a client_java registry) as model families, so that one renderer
 * writes them and the pushed groups alike and they merge by name. Names follow client_java's text
 * exposition: counters get {@code _total}, info metrics {@code _info}; a state set is a gauge with
 * one series per state; native-only histogram data is left out (text 0.0.4 cannot carry it).
 */
public final class RegistryFamilies {
  private RegistryFamilies() {}

  /** Every family of the registry with at least one series, sorted by name. */
  public static List<MetricFamily> collect(PrometheusRegistry registry) {
    List<MetricFamily> result = new ArrayList<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      MetricFamily f = convert(snapshot);
      if (!f.metrics().isEmpty()) {
        result.add(f);
      }
    }
    result.sort(Comparator.comparing(MetricFamily::name));
    return result;
  }

  /** Name and type of every family the registry can expose, including those without series yet. */
  public static java.util.Map<String, MetricType> types(PrometheusRegistry registry) {
    java.util.Map<String, MetricType> types = new TreeMap<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      MetricFamily f = convert(snapshot);
      types.put(f.name(), f.type());
    }
    return types;
  }

  static MetricFamily convert(MetricSnapshot snapshot) {
    String name = snapshot.getMetadata().getPrometheusName();
    String help = snapshot.getMetadata().getHelp();
    List<Metric> metrics = new ArrayList<>();
    if (snapshot instanceof CounterSnapshot c) {
      c.getDataPoints().forEach(d -> metrics.add(new Metric.Scalar(labels(d), d.getValue())));
      return new MetricFamily(name + "_total", help, MetricType.COUNTER, metrics);
    } else if (snapshot instanceof GaugeSnapshot g) {
      g.getDataPoints().forEach(d -> metrics.add(new Metric.Scalar(labels(d), d.getValue())));
      return new MetricFamily(name, help, MetricType.GAUGE, metrics);
    } else if (snapshot instanceof UnknownSnapshot u) {
      u.getDataPoints().forEach(d -> metrics.add(new Metric.Scalar(labels(d), d.getValue())));
      return new MetricFamily(name, help, MetricType.UNTYPED, metrics);
    } else if (snapshot instanceof InfoSnapshot i) {
      i.getDataPoints().forEach(d -> metrics.add(new Metric.Scalar(labels(d), 1)));
      return new MetricFamily(name + "_info", help, MetricType.GAUGE, metrics);
    } else if (snapshot instanceof StateSetSnapshot s) {
      for (StateSetSnapshot.StateSetDataPointSnapshot d : s.getDataPoints()) {
        for (int k = 0; k < d.size(); k++) {
          metrics.add(new Metric.Scalar(labels(d).with(name, d.getName(k)), d.isTrue(k) ? 1 : 0));
        }
      }
      return new MetricFamily(name, help, MetricType.GAUGE, metrics);
    } else if (snapshot instanceof SummarySnapshot s) {
      for (SummarySnapshot.SummaryDataPointSnapshot d : s.getDataPoints()) {
        List<Metric.Quantile> quantiles = new ArrayList<>();
        Quantiles q = d.getQuantiles();
        for (int k = 0; k < q.size(); k++) {
          quantiles.add(new Metric.Quantile(q.get(k).getQuantile(), q.get(k).getValue()));
        }
        metrics.add(new Metric.Summary(labels(d), d.hasCount() ? d.getCount() : 0,
            d.hasSum() ? d.getSum() : 0, quantiles, Metric.NO_TIMESTAMP));
      }
      return new MetricFamily(name, help, MetricType.SUMMARY, metrics);
    } else if (snapshot instanceof HistogramSnapshot h) {
      for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
        if (!d.hasClassicHistogramData()) {
          continue;
        }
        ClassicHistogramBuckets buckets = d.getClassicBuckets();
        List<Metric.Bucket> cumulative = new ArrayList<>();
        long running = 0;
        for (int k = 0; k < buckets.size(); k++) {
          running += buckets.getCount(k);
          cumulative.add(new Metric.Bucket(buckets.getUpperBound(k), running));
        }
        metrics.add(new Metric.Histogram(labels(d), d.hasCount() ? d.getCount() : running,
            d.hasSum() ? d.getSum() : 0, cumulative, Metric.NO_TIMESTAMP));
      }
      return new MetricFamily(name, help, MetricType.HISTOGRAM, metrics);
    }
    throw new IllegalArgumentException("unknown snapshot type " + snapshot.getClass().getName());
  }

  private static Labels labels(DataPointSnapshot d) {
    io.prometheus.metrics.model.snapshots.Labels l = d.getLabels();
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < l.size(); i++) {
      map.put(l.getPrometheusName(i), l.getValue(i));
    }
    return Labels.fromMap(map);
  }
}
