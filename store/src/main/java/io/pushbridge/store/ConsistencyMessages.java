package io.pushbridge.store;

import io.pushbridge.model.GoProtoText;
import io.pushbridge.model.GoStrings;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricType;

/** Upstream's texts for violations found across groups (spec §5.1). */
final class ConsistencyMessages {
  private ConsistencyMessages() {}

  static InconsistentMetricsException duplicateSeries(String family, MetricType type, Metric m) {
    return new InconsistentMetricsException(
        "collected metric "
            + GoStrings.quote(family)
            + " { "
            + GoProtoText.of(type, m)
            + "} was collected before with the same name and label values");
  }

  static InconsistentMetricsException typeConflict(
      String family, MetricType type, Metric m, MetricType expected) {
    return new InconsistentMetricsException(
        "collected metric "
            + GoStrings.quote(family)
            + " { "
            + GoProtoText.of(type, m)
            + "} is not a "
            + expected.name());
  }

  static InconsistentMetricsException ownTypeConflict(
      String family, MetricType actual, MetricType expected) {
    return new InconsistentMetricsException(
        "gathered metric family "
            + family
            + " has type "
            + actual.name()
            + " but should have "
            + expected.name());
  }

  /** A {@code X_count}, {@code X_sum} or {@code X_bucket} family pushed next to summary/histogram X. */
  static InconsistentMetricsException suffixOfExisting(
      String name, String existing, MetricType existingType) {
    return new InconsistentMetricsException(
        "collected metric named "
            + GoStrings.quote(name)
            + " collides with previously collected "
            + existingType.keyword()
            + " named "
            + GoStrings.quote(existing));
  }

  /** A summary or histogram X pushed next to an existing {@code X_count}, ... family. */
  static InconsistentMetricsException existingSuffix(String name, String existing) {
    return new InconsistentMetricsException(
        "collected histogram or summary named "
            + GoStrings.quote(name)
            + " collides with previously collected metric named "
            + GoStrings.quote(existing));
  }
}
