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
  /** Histogram fields 5 to 14: the native buckets ({@link NativeHistogram}, with field 4). */
  private static final int NATIVE_SCHEMA = 5;
  private static final int NATIVE_ZERO_THRESHOLD = 6;
  private static final int NATIVE_ZERO_COUNT = 7;
  private static final int NATIVE_ZERO_COUNT_FLOAT = 8;
  private static final int NATIVE_NEGATIVE_SPAN = 9;
  private static final int NATIVE_NEGATIVE_DELTA = 10;
  private static final int NATIVE_NEGATIVE_COUNT = 11;
  private static final int NATIVE_POSITIVE_SPAN = 12;
  private static final int NATIVE_POSITIVE_DELTA = 13;
  private static final int NATIVE_POSITIVE_COUNT = 14;

  private static final int GAUGE_HISTOGRAM = 5;

  private final byte[] body;
  private final CodedInputStream in;
  private int messageIndex;
  /** The value of the last scalar message read, when {@link #readScalar} returned true. */
  private double scalar;

  private ProtobufParser(byte[] body) {
    this.body = body;
    this.in = CodedInputStream.newInstance(body);
    in.setSizeLimit(Integer.MAX_VALUE);
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
        messageIndex++;
        int length = readLength();
        int outer = in.pushLimit(length);
        RawFamily family = readFamily();
        in.popLimit(outer);
        families.remove(family.name);
        families.put(family.name, family);
      }
    } catch (InvalidProtocolBufferException e) {
      String message = String.valueOf(e.getMessage());
      throw error(message.contains("input ended unexpectedly") ? "unexpected EOF" : message);
    } catch (IOException e) {
      throw error(String.valueOf(e.getMessage()));
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
        skipField(tag);
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
        skipField(tag);
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
        skipField(tag);
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
        skipField(tag);
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
        skipField(tag);
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
        skipField(tag);
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
      if (isNativeField(tag)) {
        readNativeField(tag);
        m.addNativeField(body, start, in.getTotalBytesRead() - start);
      } else if (tag == HISTOGRAM_COUNT) {
        m.histogramCount = in.readUInt64();
      } else if (tag == HISTOGRAM_COUNT_FLOAT) {
        // Kept for protobuf too: it is how a scraper tells a float native histogram's count.
        m.histogramCountFloat = in.readDouble();
        m.addNativeField(body, start, in.getTotalBytesRead() - start);
      } else if (tag == HISTOGRAM_SUM) {
        m.histogramSum = in.readDouble();
      } else if (tag == HISTOGRAM_BUCKET) {
        m.buckets.add(readBucket());
      } else {
        skipField(tag);
      }
    }
    in.popLimit(outer);
  }

  /**
   * A native-bucket field with the wire type of its declaration: schema and zero count varints,
   * zero threshold and float zero count doubles, spans messages, deltas varints and counts doubles,
   * each of the repeated ones packed or not. With another wire type it is an unknown field.
   */
  private static boolean isNativeField(int tag) {
    int field = WireFormat.getTagFieldNumber(tag);
    if (field < NATIVE_SCHEMA || field > NATIVE_POSITIVE_COUNT) {
      return false;
    }
    int wireType = WireFormat.getTagWireType(tag);
    return switch (field) {
      case NATIVE_SCHEMA, NATIVE_ZERO_COUNT -> wireType == WireFormat.WIRETYPE_VARINT;
      case NATIVE_ZERO_THRESHOLD, NATIVE_ZERO_COUNT_FLOAT -> wireType == WireFormat.WIRETYPE_FIXED64;
      case NATIVE_NEGATIVE_SPAN, NATIVE_POSITIVE_SPAN -> wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      case NATIVE_NEGATIVE_DELTA, NATIVE_POSITIVE_DELTA ->
          wireType == WireFormat.WIRETYPE_VARINT || wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      case NATIVE_NEGATIVE_COUNT, NATIVE_POSITIVE_COUNT ->
          wireType == WireFormat.WIRETYPE_FIXED64 || wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      default -> false;
    };
  }

  /**
   * Reads over a native-bucket field, checking what protobuf-go checks when it decodes one, so that
   * the bytes kept are ones a scraper can decode: a span is a well-formed message, packed deltas are
   * whole varints and packed counts whole doubles. Beyond protobuf-go, a span's offset or length
   * of another wire type is refused: kept, it would fail Prometheus's decoder, and with it every
   * protobuf scrape of the gateway.
   */
  private void readNativeField(int tag) throws IOException {
    if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      skipPlain(tag);
      return;
    }
    int field = WireFormat.getTagFieldNumber(tag);
    int length = readLength();
    if (field == NATIVE_NEGATIVE_SPAN || field == NATIVE_POSITIVE_SPAN) {
      int outer = in.pushLimit(length);
      int inner;
      while ((inner = in.readTag()) != 0) {
        int innerField = WireFormat.getTagFieldNumber(inner);
        if ((innerField == 1 || innerField == 2) && WireFormat.getTagWireType(inner) != WireFormat.WIRETYPE_VARINT) {
          throw error("field " + innerField + " of a bucket span in histogram field " + field
              + " has wire type " + WireFormat.getTagWireType(inner) + ", not varint");
        }
        skipField(inner);
      }
      in.popLimit(outer);
    } else if (field == NATIVE_NEGATIVE_DELTA || field == NATIVE_POSITIVE_DELTA) {
      int outer = in.pushLimit(length);
      while (!in.isAtEnd()) {
        in.readRawVarint64();
      }
      in.popLimit(outer);
    } else if (length % 8 != 0) {
      throw error("packed field " + field + " of the histogram holds " + length
          + " bytes, not a whole number of doubles");
    } else {
      in.skipRawBytes(length);
    }
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
        skipField(tag);
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

  /** A length prefix that fits in what is left of the enclosing message. */
  private int readLength() throws IOException {
    long length = in.readRawVarint64();
    int left = in.getBytesUntilLimit();
    if (length < 0 || length > left) {
      throw error("unexpected EOF: a length of " + Long.toUnsignedString(length)
          + " bytes exceeds the " + left + " bytes left");
    }
    return (int) length;
  }

  /**
   * Skips an unknown field. Groups are walked iteratively: protobuf-java recurses into nested
   * groups without a depth limit, which a hostile body could turn into a stack overflow.
   */
  private void skipField(int tag) throws IOException {
    int wireType = WireFormat.getTagWireType(tag);
    if (wireType == WireFormat.WIRETYPE_END_GROUP) {
      throw error("unexpected end-group marker for field " + WireFormat.getTagFieldNumber(tag));
    }
    if (wireType != WireFormat.WIRETYPE_START_GROUP) {
      skipPlain(tag);
      return;
    }
    int[] open = new int[8];
    int depth = 0;
    open[depth++] = WireFormat.getTagFieldNumber(tag);
    while (depth > 0) {
      int inner = in.readTag();
      if (inner == 0) {
        throw error("unexpected EOF inside group field " + open[depth - 1]);
      }
      int type = WireFormat.getTagWireType(inner);
      int field = WireFormat.getTagFieldNumber(inner);
      if (type == WireFormat.WIRETYPE_START_GROUP) {
        if (depth == open.length) {
          open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = field;
      } else if (type == WireFormat.WIRETYPE_END_GROUP) {
        if (open[--depth] != field) {
          throw error("end-group marker for field " + field + " closes group field " + open[depth]);
        }
      } else {
        skipPlain(inner);
      }
    }
  }

  private void skipPlain(int tag) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
      case WireFormat.WIRETYPE_FIXED64 -> in.skipRawBytes(8);
      case WireFormat.WIRETYPE_FIXED32 -> in.skipRawBytes(4);
      case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.skipRawBytes(readLength());
      default -> throw error("invalid wire type " + WireFormat.getTagWireType(tag)
          + " for field " + WireFormat.getTagFieldNumber(tag));
    }
  }

  private MetricsParseException error(String problem) {
    return new MetricsParseException("invalid protobuf body: " + problem + " (in MetricFamily message "
        + messageIndex + ", at byte " + in.getTotalBytesRead() + ")");
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
