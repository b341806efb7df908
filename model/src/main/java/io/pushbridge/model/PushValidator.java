package io.pushbridge.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The label sanitisation and checks every push goes through, whatever its path (spec §3.7, and
 * §5.1 as far as one push goes). Checks against other groups are the store's.
 */
public final class PushValidator {
  private PushValidator() {}

  static final String PUSH_TIME = "push_time_seconds";
  static final String PUSH_FAILURE_TIME = "push_failure_time_seconds";
  private static final String INSTANCE = "instance";

  /**
   * The families as they will be stored: every grouping label forced onto every series (over any
   * value the body gave), {@code instance=""} added where the series has no instance, and the
   * synthetic {@code push_time_seconds} and {@code push_failure_time_seconds} dropped (upstream
   * overwrites the first and, for existing groups, keeps a pushed second one; dropping both keeps
   * their meaning).
   *
   * @throws InconsistentMetricsException for timestamps (checked first, as upstream does), then
   *     for every invalid label name, explicit summary quantile label, duplicate series and suffix
   *     collision within the push, all reported together like client_golang's MultiError
   */
  @SuppressWarnings("ReferenceEquality") // a merge returns its own instance when nothing changes
  public static List<MetricFamily> sanitize(GroupingKey key, List<MetricFamily> families) {
    for (MetricFamily family : families) {
      for (Metric metric : family.metrics()) {
        if (metric.hasTimestamp()) {
          throw new InconsistentMetricsException(ConsistencyErrors.TIMESTAMPS);
        }
      }
    }
    Labels grouping = key.labels();
    // Put over a series without an instance: the grouping labels and instance="", in one merge.
    Labels withInstance = grouping.contains(INSTANCE) ? grouping : grouping.with(INSTANCE, "");
    List<MetricFamily> result = new ArrayList<>(families.size());
    for (MetricFamily family : families) {
      if (family.name().equals(PUSH_TIME) || family.name().equals(PUSH_FAILURE_TIME)) {
        continue;
      }
      List<Metric> metrics = new ArrayList<>(family.metrics().size());
      LabelMerge merge = null;
      for (Metric metric : family.metrics()) {
        Labels labels = metric.labels();
        if (merge == null || !merge.appliesTo(labels)) {
          merge = LabelMerge.plan(labels, labels.contains(INSTANCE) ? grouping : withInstance);
        }
        Labels sanitized = merge.apply(labels);
        metrics.add(sanitized == labels ? metric : metric.withLabels(sanitized));
      }
      result.add(family.withMetrics(metrics));
    }
    List<String> errors = check(result);
    if (!errors.isEmpty()) {
      throw new InconsistentMetricsException(ConsistencyErrors.combine(errors));
    }
    return result;
  }

  private static List<String> check(List<MetricFamily> families) {
    List<String> errors = new ArrayList<>();
    List<MetricFamily> byName = new ArrayList<>(families);
    byName.sort((a, b) -> a.name().compareTo(b.name()));
    Map<String, MetricType> gathered = new HashMap<>();
    for (MetricFamily family : byName) {
      var collision = ConsistencyErrors.suffixCollision(family.name(), family.type(), gathered::get);
      if (collision.isPresent()) {
        errors.add(collision.get());
        continue;
      }
      gathered.put(family.name(), family.type());
      checkSeries(family, errors);
    }
    return errors;
  }

  private static void checkSeries(MetricFamily family, List<String> errors) {
    if (!mayRepeat(family.metrics())) {
      String[] validNames = null;
      for (Metric metric : family.metrics()) {
        String error = seriesError(family, metric, validNames);
        if (error != null) {
          errors.add(error);
        } else {
          validNames = metric.labels().nameArray();
        }
      }
      return;
    }
    Set<Labels> seen = new HashSet<>();
    for (Metric metric : family.metrics()) {
      String error = seriesError(family, metric, null);
      if (error == null && !seen.add(metric.labels())) {
        error = ConsistencyErrors.duplicateSeries(family.name(), family.type(), metric);
      }
      if (error != null) {
        errors.add(error);
      }
    }
  }

  /**
   * Whether two series may have the same labels: only when two label hashes are equal. Sorting
   * the hashes costs less than a hash set of every label set, which only then is built.
   */
  private static boolean mayRepeat(List<Metric> metrics) {
    int[] hashes = new int[metrics.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = metrics.get(i).labels().hashCode();
    }
    Arrays.sort(hashes);
    for (int i = 1; i < hashes.length; i++) {
      if (hashes[i] == hashes[i - 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first label of {@code metric} that upstream refuses, or null. The names array of a series
   * found valid before ({@code validNames}, or null) needs no second look: a family's series share
   * one (sanitising merges them by one plan) and are all of one kind.
   */
  @SuppressWarnings("ReferenceEquality") // the same array holds the same names
  private static String seriesError(MetricFamily family, Metric metric, String[] validNames) {
    Labels labels = metric.labels();
    if (labels.nameArray() == validNames) {
      return null;
    }
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (!LabelNames.isValid(name) || name.startsWith("__")) {
        return ConsistencyErrors.invalidLabelName(family.name(), family.type(), metric, name);
      }
      if (metric instanceof Metric.Summary && name.equals("quantile")) {
        return ConsistencyErrors.explicitQuantileLabel(family.name(), metric);
      }
    }
    return null;
  }
}
