package io.pushbridge.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a stream of varint-delimited {@code io.prometheus.client.MetricFamily} messages (client
 * model {@code metrics.proto}, the body client_golang pushes by default).
 *
 * <p>Hand-written on {@link CodedInputStream} instead of protoc-generated classes: the build needs
 * no protoc, and values go straight into the model's records without an intermediate message tree
 * (one allocation per label string, none per wrapper message). Unknown fields, and known fields
 * with an unexpected wire type, are skipped as protobuf-go does.
 *
 * <p>Beyond upstream 1.5.1, which silently accepts them: a body that ends inside a length prefix
 * or a message is rejected, and so are the types {@code GAUGE_HISTOGRAM} and unknown type numbers
 * (1.5.1 stores them and then fails every scrape).
 */
public final class ProtobufParser {

  private static final int FAMILY_NAME = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int FAMILY_HELP = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int FAMILY_TYPE = tag(3, WireFormat.WIRETYPE_VARINT);
  private static final int FAMILY_METRIC = tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  private static final int METRIC_LABEL = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METRIC_GAUGE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METRIC_COUNTER = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METRIC_SUMMARY = tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METRIC_UNTYPED = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METRIC_TIMESTAMP = tag(6, WireFormat.WIRETYPE_VARINT);
  private static final int METRIC_HISTOGRAM = tag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  private static final int LABEL_NAME = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int LABEL_VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  /** The value of Gauge, Counter and Untyped; Counter's exemplar is skipped. */
  private static final int SCALAR_VALUE = tag(1, WireFormat.WIRETYPE_FIXED64);

  private static final int SUMMARY_COUNT = tag(1, WireFormat.WIRETYPE_VARINT);
  private static final int SUMMARY_SUM = tag(2, WireFormat.WIRETYPE_FIXED64);
  private static final int SUMMARY_QUANTILE = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int QUANTILE_QUANTILE = tag(1, WireFormat.WIRETYPE_FIXED64);
  private static final int QUANTILE_VALUE = tag(2, WireFormat.WIRETYPE_FIXED64);

  private static final int HISTOGRAM_COUNT = tag(1, WireFormat.WIRETYPE_VARINT);
  private static final int HISTOGRAM_SUM = tag(2, WireFormat.WIRETYPE_FIXED64);
  private static final int HISTOGRAM_BUCKET = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int HISTOGRAM_COUNT_FLOAT = tag(4, WireFormat.WIRETYPE_FIXED64);
  private static final int BUCKET_COUNT = tag(1, WireFormat.WIRETYPE_VARINT);
  private static final int BUCKET_UPPER_BOUND = tag(2, WireFormat.WIRETYPE_FIXED64);
  private static final int BUCKET_COUNT_FLOAT = tag(4, WireFormat.WIRETYPE_FIXED64);
  private static final int GAUGE_HISTOGRAM = 5;

  private final byte[] body;
  private final WireInput wire;
  private final CodedInputStream in;
  /** The value of the last scalar message read, when {@link #readScalar} returned true. */
  private double scalar;

  private ProtobufParser(byte[] body) {
    this.body = body;
    this.wire = new WireInput(body);
    this.in = wire.in;
  }

  /** A family as read, before its type is resolved and its metrics checked against it. */
  private static final class RawFamily {
    String name = "";
    String help;
    int type;
    final List<ProtobufMetric> metrics = new ArrayList<>();
  }

  /**
   * The families of {@code body}, in order of their last message; a later message with the same
   * name replaces an earlier one, as upstream does. Families without metrics are kept: a POST of
   * such a family still replaces the stored one.
   *
   * @throws MetricsParseException when the bytes are not such a stream, naming the problem and the
   *     byte offset
   * @throws InconsistentMetricsException when a metric's fields do not match its family's type,
   *     repeat a label name or hold a label value that is not UTF-8 (upstream's wording)
   */
  public static List<MetricFamily> parse(byte[] body) {
    ProtobufParser parser = new ProtobufParser(body);
    Map<String, RawFamily> families = parser.readAll();
    List<MetricFamily> result = new ArrayList<>(families.size());
    for (RawFamily raw : families.values()) {
      result.add(resolve(raw));
    }
    return result;
  }

  private Map<String, RawFamily> readAll() {
    Map<String, RawFamily> families = new LinkedHashMap<>();
    try {
      in.pushLimit(body.length);
      while (!in.isAtEnd()) {
        wire.nextMessage();
        int length = readLength();
        int outer = in.pushLimit(length);
        RawFamily family = readFamily();
        in.popLimit(outer);
        families.remove(family.name);
        families.put(family.name, family);
      }
    } catch (InvalidProtocolBufferException e) {
      String message = String.valueOf(e.getMessage());
      throw wire.error(message.contains("input ended unexpectedly") ? "unexpected EOF" : message);
    } catch (IOException e) {
      throw wire.error(String.valueOf(e.getMessage()));
    }
    return families;
  }

  private RawFamily readFamily() throws IOException {
    RawFamily family = new RawFamily();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == FAMILY_NAME) {
        family.name = readString();
      } else if (tag == FAMILY_HELP) {
        family.help = readString();
      } else if (tag == FAMILY_TYPE) {
        family.type = in.readEnum();
      } else if (tag == FAMILY_METRIC) {
        family.metrics.add(readMetric());
      } else {
        wire.skipField(tag);
      }
    }
    return family;
  }

  private ProtobufMetric readMetric() throws IOException {
    int outer = in.pushLimit(readLength());
    ProtobufMetric m = new ProtobufMetric();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == METRIC_LABEL) {
        readLabel(m);
      } else if (tag == METRIC_GAUGE) {
        m.gauge = true;
        if (readScalar()) {
          m.gaugeHasValue = true;
          m.gaugeValue = scalar;
        }
      } else if (tag == METRIC_COUNTER) {
        m.counter = true;
        if (readScalar()) {
          m.counterHasValue = true;
          m.counterValue = scalar;
        }
      } else if (tag == METRIC_UNTYPED) {
        m.untyped = true;
        if (readScalar()) {
          m.untypedHasValue = true;
          m.untypedValue = scalar;
        }
      } else if (tag == METRIC_SUMMARY) {
        readSummary(m);
      } else if (tag == METRIC_HISTOGRAM) {
        readHistogram(m);
      } else if (tag == METRIC_TIMESTAMP) {
        m.setTimestamp(in.readInt64());
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
    return m;
  }

  private void readLabel(ProtobufMetric m) throws IOException {
    int outer = in.pushLimit(readLength());
    String name = "";
    String value = "";
    byte[] invalid = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == LABEL_NAME) {
        name = readString();
      } else if (tag == LABEL_VALUE) {
        int length = readLength();
        int start = in.getTotalBytesRead();
        value = new String(body, start, length, StandardCharsets.UTF_8);
        // The decoder replaced bad bytes with U+FFFD; only then is a second look needed.
        invalid = value.indexOf('\uFFFD') >= 0 && !GoBytes.isValidUtf8(body, start, start + length)
            ? Arrays.copyOfRange(body, start, start + length)
            : null;
        in.skipRawBytes(length);
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
    m.addLabel(name, value, invalid);
  }

  /** Reads a Gauge, Counter or Untyped message; true (value in {@link #scalar}) if it had a value. */
  private boolean readScalar() throws IOException {
    int outer = in.pushLimit(readLength());
    boolean found = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == SCALAR_VALUE) {
        scalar = in.readDouble();
        found = true;
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
    return found;
  }

  private void readSummary(ProtobufMetric m) throws IOException {
    int outer = in.pushLimit(readLength());
    m.summary = true;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == SUMMARY_COUNT) {
        m.summaryCount = in.readUInt64();
      } else if (tag == SUMMARY_SUM) {
        m.summarySum = in.readDouble();
      } else if (tag == SUMMARY_QUANTILE) {
        m.quantiles.add(readQuantile());
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
  }

  private Metric.Quantile readQuantile() throws IOException {
    int outer = in.pushLimit(readLength());
    double quantile = 0;
    double value = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == QUANTILE_QUANTILE) {
        quantile = in.readDouble();
      } else if (tag == QUANTILE_VALUE) {
        value = in.readDouble();
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
    return new Metric.Quantile(quantile, value);
  }

  private void readHistogram(ProtobufMetric m) throws IOException {
    int outer = in.pushLimit(readLength());
    m.histogram = true;
    while (true) {
      int start = in.getTotalBytesRead();
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == HISTOGRAM_BUCKET) {
        m.buckets.add(readBucket());
      } else if (tag == HISTOGRAM_COUNT) {
        m.histogramCount = in.readUInt64();
      } else if (tag == HISTOGRAM_SUM) {
        m.histogramSum = in.readDouble();
      } else if (tag == HISTOGRAM_COUNT_FLOAT) {
        // Kept for protobuf too: it is how a scraper tells a float native histogram's count.
        m.histogramCountFloat = in.readDouble();
        m.addNativeField(body, start, in.getTotalBytesRead() - start);
      } else if (NativeHistogramWire.holdsField(tag)) {
        NativeHistogramWire.readField(wire, tag);
        m.addNativeField(body, start, in.getTotalBytesRead() - start);
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
  }

  /** As for the histogram's count, a positive float count wins over the integer one. */
  private Metric.Bucket readBucket() throws IOException {
    int outer = in.pushLimit(readLength());
    long count = 0;
    double countFloat = 0;
    double upperBound = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == BUCKET_COUNT) {
        count = in.readUInt64();
      } else if (tag == BUCKET_COUNT_FLOAT) {
        countFloat = in.readDouble();
      } else if (tag == BUCKET_UPPER_BOUND) {
        upperBound = in.readDouble();
      } else {
        wire.skipField(tag);
      }
    }
    in.popLimit(outer);
    return new Metric.Bucket(upperBound, countFloat > 0 ? (long) countFloat : count);
  }

  private String readString() throws IOException {
    int length = readLength();
    String s = new String(body, in.getTotalBytesRead(), length, StandardCharsets.UTF_8);
    in.skipRawBytes(length);
    return s;
  }

  /**
   * {@link WireInput#readLength}, here on the parser's own stream: through the wire input, every
   * string and message of a body paid for the extra hop (3 % of {@code ProtobufBenchmark.parse}).
   */
  private int readLength() throws IOException {
    long length = in.readRawVarint64();
    int left = in.getBytesUntilLimit();
    if (length < 0 || length > left) {
      throw wire.lengthError(length, left);
    }
    return (int) length;
  }

  private static MetricFamily resolve(RawFamily raw) {
    MetricType type = switch (raw.type) {
      case 0 -> MetricType.COUNTER;
      case 1 -> MetricType.GAUGE;
      case 2 -> MetricType.SUMMARY;
      case 3 -> MetricType.UNTYPED;
      case 4 -> MetricType.HISTOGRAM;
      default -> throw new MetricsParseException("unsupported metric type "
          + (raw.type == GAUGE_HISTOGRAM ? "GAUGE_HISTOGRAM" : Integer.toString(raw.type))
          + " of metric family " + GoStrings.quote(raw.name));
    };
    List<Metric> metrics = new ArrayList<>(raw.metrics.size());
    Labels previous = Labels.EMPTY;
    for (ProtobufMetric m : raw.metrics) {
      String problem = m.problem(raw.name, type);
      if (problem != null) {
        throw new InconsistentMetricsException(problem);
      }
      Metric metric = m.toMetric(type, previous);
      previous = metric.labels();
      metrics.add(metric);
    }
    return new MetricFamily(raw.name, raw.help, type, metrics);
  }

  private static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }
}
