package io.pushbridge.model;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The texts of upstream's consistency errors (client_golang's gatherer checks, spec §5.1), shared
 * by the per-push validation here and the cross-group checks of the store so that both read the
 * same. Each method returns the detail that follows {@link InconsistentMetricsException#PREFIX}.
 */
public final class ConsistencyErrors {
  private ConsistencyErrors() {}

  public static final String TIMESTAMPS = "pushed metrics must not have timestamps";

  /** A series whose value does not fit its family's type (a protobuf gauge field in a counter family). */
  public static String typeMismatch(
      String familyName, MetricType familyType, MetricType seriesType, Metric metric) {
    return collected(familyName, seriesType, metric) + "is not a " + familyType.name();
  }

  /** A series equal, in name and labels, to one gathered before (in the push or in another group). */
  public static String duplicateSeries(String familyName, MetricType type, Metric metric) {
    return collected(familyName, type, metric)
        + "was collected before with the same name and label values";
  }

  public static String invalidLabelName(
      String familyName, MetricType type, Metric metric, String labelName) {
    return collected(familyName, type, metric) + "has a label with an invalid name: " + labelName;
  }

  public static String duplicateLabelName(
      String familyName, MetricType type, Metric metric, String labelName) {
    return collected(familyName, type, metric)
        + "has two or more labels with the same name: "
        + labelName;
  }

  public static String explicitQuantileLabel(String familyName, Metric metric) {
    return collected(familyName, MetricType.SUMMARY, metric)
        + "must not have an explicit \"quantile\" label";
  }

  /** A pushed family whose type differs from the gateway's own family of that name. */
  public static String ownTypeConflict(String familyName, MetricType pushed, MetricType own) {
    return "gathered metric family " + familyName + " has type " + pushed.name()
        + " but should have " + own.name();
  }

  /**
   * The suffix collision (spec §5.1) of family {@code name} of {@code type} with the families
   * {@code existing} knows (name to type, null when absent), or empty when there is none.
   */
  public static Optional<String> suffixCollision(
      String name, MetricType type, Function<String, MetricType> existing) {
    String base = baseName(name);
    if (base != null) {
      MetricType baseType = existing.apply(base);
      if (baseType == MetricType.SUMMARY && !name.endsWith("_bucket")) {
        return Optional.of(collides(name, "summary", base));
      }
      if (baseType == MetricType.HISTOGRAM) {
        return Optional.of(collides(name, "histogram", base));
      }
    }
    if (type == MetricType.SUMMARY || type == MetricType.HISTOGRAM) {
      for (String suffix : List.of("_count", "_sum")) {
        if (existing.apply(name + suffix) != null) {
          return Optional.of("collected histogram or summary named " + GoStrings.quote(name)
              + " collides with previously collected metric named " + GoStrings.quote(name + suffix));
        }
      }
    }
    if (type == MetricType.HISTOGRAM && existing.apply(name + "_bucket") != null) {
      return Optional.of("collected histogram named " + GoStrings.quote(name)
          + " collides with previously collected metric named " + GoStrings.quote(name + "_bucket"));
    }
    return Optional.empty();
  }

  /** Several errors found in one gathering, as client_golang's MultiError prints them. */
  public static String combine(List<String> errors) {
    if (errors.size() == 1) {
      return errors.get(0);
    }
    StringBuilder sb = new StringBuilder().append(errors.size()).append(" error(s) occurred:");
    for (String e : errors) {
      sb.append("\n* ").append(e);
    }
    return sb.toString();
  }

  private static String baseName(String name) {
    for (String suffix : List.of("_count", "_sum", "_bucket")) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  private static String collides(String name, String baseKind, String base) {
    return "collected metric named " + GoStrings.quote(name)
        + " collides with previously collected " + baseKind + " named " + GoStrings.quote(base);
  }

  private static String collected(String familyName, MetricType type, Metric metric) {
    return "collected metric " + GoStrings.quote(familyName) + " { "
        + GoProtoText.of(type, metric) + "} ";
  }
}
