package io.pushbridge.exposer;

import io.pushbridge.model.GoFloat;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoredFamily;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/metrics} (spec §8.3): every group as a flat object of {@code labels}, {@code
 * last_push_successful} and one entry per family, keys sorted as Go's encoder sorts map keys; a
 * family named like one of the two fixed keys replaces it, as upstream. Groups come in grouping-key
 * order (upstream's order is random).
 */
public final class MetricsApiHandler implements HttpHandler {
  private final Supplier<List<GroupView>> groups;

  public MetricsApiHandler(Supplier<List<GroupView>> groups) {
    this.groups = groups;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ApiResponses.success(exchange, render(groups.get(), ZoneId.systemDefault()));
  }

  static String render(List<GroupView> groups, ZoneId zone) {
    StringBuilder sb = new StringBuilder(1024).append('[');
    for (int i = 0; i < groups.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      group(sb, groups.get(i), zone);
    }
    return sb.append(']').toString();
  }

  private static void group(StringBuilder sb, GroupView g, ZoneId zone) {
    Map<String, String> entries = new TreeMap<>();
    entries.put("labels", labels(g.key().labels()));
    entries.put("last_push_successful", Boolean.toString(g.failureTimeSeconds() <= g.pushTimeSeconds()));
    for (StoredFamily f : g.families()) {
      entries.put(f.family().name(), family(f, zone));
    }
    object(sb, entries);
  }

  private static String family(StoredFamily stored, ZoneId zone) {
    MetricFamily f = stored.family();
    StringBuilder sb = new StringBuilder(256).append('{');
    GoJson.key(sb, "time_stamp");
    GoJson.string(sb, GoTime.rfc3339Nano(GoTime.ofEpochNanos(stored.receiveTimeNanos()), zone)).append(',');
    GoJson.key(sb, "type");
    GoJson.string(sb, f.type().name()).append(',');
    if (f.help() != null && !f.help().isEmpty()) {
      GoJson.key(sb, "help");
      GoJson.string(sb, f.help()).append(',');
    }
    GoJson.key(sb, "metrics").append('[');
    for (int i = 0; i < f.metrics().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      metric(sb, f.metrics().get(i));
    }
    return sb.append("]}").toString();
  }

  private static void metric(StringBuilder sb, Metric m) {
    Map<String, String> entries = new TreeMap<>();
    entries.put("labels", labels(m.labels()));
    if (m instanceof Metric.Summary s) {
      Map<String, String> quantiles = new TreeMap<>();
      for (Metric.Quantile q : s.quantiles()) {
        quantiles.put(GoFloat.formatJson(q.quantile()), quoted(GoFloat.formatJson(q.value())));
      }
      entries.put("quantiles", objectOf(quantiles));
      entries.put("count", quoted(Long.toUnsignedString(s.count())));
      entries.put("sum", quoted(GoFloat.formatJson(s.sum())));
    } else if (m instanceof Metric.Histogram h) {
      Map<String, String> buckets = new TreeMap<>();
      for (Metric.Bucket b : h.buckets()) {
        buckets.put(GoFloat.formatJson(b.upperBound()), quoted(Long.toUnsignedString(b.cumulativeCount())));
      }
      entries.put("buckets", objectOf(buckets));
      entries.put("count", quoted(Long.toUnsignedString(h.count())));
      entries.put("sum", quoted(GoFloat.formatJson(h.sum())));
    } else if (m instanceof Metric.Scalar v) {
      entries.put("value", quoted(GoFloat.formatJson(v.value())));
    }
    object(sb, entries);
  }

  private static String labels(Labels labels) {
    Map<String, String> entries = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      entries.put(labels.name(i), quoted(labels.value(i)));
    }
    return objectOf(entries);
  }

  private static String quoted(String s) {
    return GoJson.string(new StringBuilder(s.length() + 2), s).toString();
  }

  private static String objectOf(Map<String, String> entries) {
    return object(new StringBuilder(), entries).toString();
  }

  /** Entries whose values are already JSON, in key order. */
  private static StringBuilder object(StringBuilder sb, Map<String, String> sortedEntries) {
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : sortedEntries.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      GoJson.key(sb, e.getKey()).append(e.getValue());
    }
    return sb.append('}');
  }
}
