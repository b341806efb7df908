package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code io.prometheus.client.Metric} message as it was on the wire, before it is checked
 * against its family's type: every value field that was present, labels in wire order (possibly
 * repeated), and the raw bytes of label values that are not UTF-8. {@link ProtobufParser} fills it;
 * a repeated occurrence of a message field merges into the same fields, as protobuf does.
 */
final class ProtobufMetric {

  String[] labelNames = new String[4];
  String[] labelValues = new String[4];
  /** Raw bytes of a label value that is not valid UTF-8, else null. */
  byte[][] invalidValues;
  int labelCount;

  boolean gauge;
  boolean gaugeHasValue;
  double gaugeValue;
  boolean counter;
  boolean counterHasValue;
  double counterValue;
  boolean untyped;
  boolean untypedHasValue;
  double untypedValue;

  boolean summary;
  long summaryCount;
  double summarySum;
  final List<Metric.Quantile> quantiles = new ArrayList<>(0);

  boolean histogram;
  long histogramCount;
  double histogramCountFloat;
  double histogramSum;
  final List<Metric.Bucket> buckets = new ArrayList<>(0);
  /** The native-bucket fields as they came, or null for none. */
  private ByteArrayBuilder nativeFields;

  long timestampMs = Metric.NO_TIMESTAMP;

  void addLabel(String name, String value, byte[] invalidValue) {
    if (labelCount == labelNames.length) {
      labelNames = Arrays.copyOf(labelNames, labelCount * 2);
      labelValues = Arrays.copyOf(labelValues, labelCount * 2);
    }
    if (invalidValue != null) {
      if (invalidValues == null) {
        invalidValues = new byte[labelNames.length][];
      } else if (invalidValues.length < labelNames.length) {
        invalidValues = Arrays.copyOf(invalidValues, labelNames.length);
      }
      invalidValues[labelCount] = invalidValue;
    }
    labelNames[labelCount] = name;
    labelValues[labelCount] = value;
    labelCount++;
  }

  void addNativeField(byte[] body, int offset, int length) {
    if (nativeFields == null) {
      nativeFields = new ByteArrayBuilder(length + 64);
    }
    nativeFields.append(body, offset, length);
  }

  void setTimestamp(long ms) {
    // Long.MIN_VALUE means "no timestamp" in the model; a pushed one must still be seen as pushed.
    timestampMs = ms == Metric.NO_TIMESTAMP ? ms + 1 : ms;
  }

  /**
   * Why this metric cannot be part of a family of {@code type}, as upstream words it after {@code
   * collected metric "<name>" }, or null. Checks in upstream's order: the type's value field, then
   * repeated label names, then UTF-8 label values.
   */
  String problem(String familyName, MetricType type) {
    sortLabels();
    String prefix = "collected metric " + GoStrings.quote(familyName) + " { ";
    if (!hasField(type)) {
      return prefix + describe() + "} is not a " + type.name();
    }
    for (int i = 1; i < labelCount; i++) {
      if (labelNames[i].equals(labelNames[i - 1])) {
        return prefix + describe() + "} has two or more labels with the same name: " + labelNames[i];
      }
    }
    for (int i = 0; invalidValues != null && i < labelCount; i++) {
      if (invalidValues[i] != null) {
        return prefix + describe() + "} has a label named " + GoStrings.quote(labelNames[i])
            + " whose value is not utf8: " + GoBytes.quote(invalidValues[i], 0, invalidValues[i].length);
      }
    }
    return null;
  }

  private boolean hasField(MetricType type) {
    return switch (type) {
      case COUNTER -> counter;
      case GAUGE -> gauge;
      case SUMMARY -> summary;
      case UNTYPED -> untyped;
      case HISTOGRAM -> histogram;
    };
  }

  /**
   * The metric of a family of {@code type}; only valid when {@link #problem} found none (which
   * sorted the labels and ruled out repeated names). It shares the names array of {@code
   * previous}, the family's metric before, when the names are the same, as the text parser's
   * lines do: sanitising then plans its merge once for all of them.
   */
  Metric toMetric(MetricType type, Labels previous) {
    Labels labels = labelCount == 0
        ? Labels.EMPTY
        : Labels.wrap(namesLike(previous.nameArray()), Arrays.copyOf(labelValues, labelCount));
    return switch (type) {
      case COUNTER -> new Metric.Scalar(labels, counterValue, timestampMs);
      case GAUGE -> new Metric.Scalar(labels, gaugeValue, timestampMs);
      case UNTYPED -> new Metric.Scalar(labels, untypedValue, timestampMs);
      case SUMMARY -> summaryMetric(labels);
      case HISTOGRAM -> histogramMetric(labels);
    };
  }

  private String[] namesLike(String[] previous) {
    return Arrays.equals(previous, 0, previous.length, labelNames, 0, labelCount)
        ? previous
        : Arrays.copyOf(labelNames, labelCount);
  }

  private Metric.Summary summaryMetric(Labels labels) {
    return new Metric.Summary(labels, summaryCount, summarySum, quantiles, timestampMs);
  }

  /**
   * Upstream 1.5.1 ignores {@code sample_count_float}; a float histogram would expose a count of 0
   * there. The model keeps integer counts, so a positive float count (which overrides the integer
   * one by the proto's contract) is kept truncated instead.
   */
  private Metric.Histogram histogramMetric(Labels labels) {
    long count = histogramCountFloat > 0 ? (long) histogramCountFloat : histogramCount;
    return new Metric.Histogram(labels, count, histogramSum, buckets, timestampMs,
        nativeFields == null ? null : NativeHistogram.wrap(nativeFields.toByteArray()));
  }

  /** The metric as upstream prints it in errors: every field that was present, labels as stored. */
  String describe() {
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < labelCount; i++) {
      byte[] raw = invalidValues != null && invalidValues[i] != null
          ? invalidValues[i]
          : labelValues[i].getBytes(StandardCharsets.UTF_8);
      GoProtoText.appendLabel(sb, labelNames[i], raw);
    }
    if (gauge) {
      GoProtoText.appendScalar(sb, "gauge", gaugeHasValue, gaugeValue);
    }
    if (counter) {
      GoProtoText.appendScalar(sb, "counter", counterHasValue, counterValue);
    }
    if (summary) {
      GoProtoText.appendSummary(sb, summaryMetric(Labels.EMPTY));
    }
    if (untyped) {
      GoProtoText.appendScalar(sb, "untyped", untypedHasValue, untypedValue);
    }
    if (histogram) {
      GoProtoText.appendHistogram(sb, histogramMetric(Labels.EMPTY));
    }
    if (timestampMs != Metric.NO_TIMESTAMP) {
      GoProtoText.appendTimestamp(sb, timestampMs);
    }
    return sb.toString();
  }

  /** Stable insertion sort by name; label lists are short and usually already sorted. */
  private void sortLabels() {
    for (int i = 1; i < labelCount; i++) {
      String name = labelNames[i];
      if (name.compareTo(labelNames[i - 1]) >= 0) {
        continue;
      }
      String value = labelValues[i];
      byte[] invalid = invalidValues == null ? null : invalidValues[i];
      int j = i - 1;
      while (j >= 0 && labelNames[j].compareTo(name) > 0) {
        labelNames[j + 1] = labelNames[j];
        labelValues[j + 1] = labelValues[j];
        if (invalidValues != null) {
          invalidValues[j + 1] = invalidValues[j];
        }
        j--;
      }
      labelNames[j + 1] = name;
      labelValues[j + 1] = value;
      if (invalidValues != null) {
        invalidValues[j + 1] = invalid;
      }
    }
  }
}
