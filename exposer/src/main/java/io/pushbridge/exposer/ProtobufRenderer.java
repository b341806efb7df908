package io.pushbridge.exposer;

import com.google.protobuf.CodedOutputStream;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import io.pushbridge.model.TextRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes families as varint-delimited {@code io.prometheus.client.MetricFamily} messages, the
 * format Prometheus asks for first when it wants native histograms. Series in upstream's order;
 * every value field written explicitly, as client_golang's proto2 messages have them.
 */
final class ProtobufRenderer {
  private ProtobufRenderer() {}

  @FunctionalInterface
  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  static void writeDelimited(MetricFamily family, OutputStream out) throws IOException {
    byte[] message = familyMessage(family);
    CodedOutputStream coded = CodedOutputStream.newInstance(out, 16);
    coded.writeUInt32NoTag(message.length);
    coded.flush();
    out.write(message);
  }

  static byte[] familyMessage(MetricFamily family) throws IOException {
    List<Metric> metrics = new ArrayList<>(family.metrics());
    metrics.sort(TextRenderer.SERIES_ORDER);
    return message(out -> {
      out.writeString(1, family.name());
      if (family.help() != null) {
        out.writeString(2, family.help());
      }
      out.writeEnum(3, typeNumber(family.type()));
      for (Metric m : metrics) {
        out.writeByteArray(4, metricMessage(family.type(), m));
      }
    });
  }

  private static byte[] message(Fields fields) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    fields.write(out);
    out.flush();
    return buf.toByteArray();
  }

  private static int typeNumber(MetricType type) {
    return switch (type) {
      case COUNTER -> 0;
      case GAUGE -> 1;
      case SUMMARY -> 2;
      case UNTYPED -> 3;
      case HISTOGRAM -> 4;
    };
  }

  private static byte[] metricMessage(MetricType type, Metric metric) throws IOException {
    return message(out -> {
      Labels labels = metric.labels();
      for (int i = 0; i < labels.size(); i++) {
        String name = labels.name(i);
        String value = labels.value(i);
        out.writeByteArray(1, message(p -> {
          p.writeString(1, name);
          p.writeString(2, value);
        }));
      }
      if (metric instanceof Metric.Scalar s) {
        int field = switch (type) {
          case GAUGE -> 2;
          case COUNTER -> 3;
          default -> 5;
        };
        out.writeByteArray(field, message(v -> v.writeDouble(1, s.value())));
      } else if (metric instanceof Metric.Summary s) {
        out.writeByteArray(4, message(v -> {
          v.writeUInt64(1, s.count());
          v.writeDouble(2, s.sum());
          for (Metric.Quantile q : s.quantiles()) {
            v.writeByteArray(3, message(qo -> {
              qo.writeDouble(1, q.quantile());
              qo.writeDouble(2, q.value());
            }));
          }
        }));
      } else if (metric instanceof Metric.Histogram h) {
        out.writeByteArray(7, message(v -> {
          v.writeUInt64(1, h.count());
          v.writeDouble(2, h.sum());
          for (Metric.Bucket b : h.buckets()) {
            v.writeByteArray(3, message(bo -> {
              bo.writeUInt64(1, b.cumulativeCount());
              bo.writeDouble(2, b.upperBound());
            }));
          }
        }));
      }
    });
  }
}
