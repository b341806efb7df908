package io.pushbridge.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * Which fields of a protobuf {@code Histogram} message are its native buckets, and how {@link
 * ProtobufParser} reads over them before keeping their bytes ({@link NativeHistogram}).
 */
final class NativeHistogramWire {
  private NativeHistogramWire() {}

  private static final int SCHEMA = 5;
  private static final int ZERO_THRESHOLD = 6;
  private static final int ZERO_COUNT = 7;
  private static final int ZERO_COUNT_FLOAT = 8;
  private static final int NEGATIVE_SPAN = 9;
  private static final int NEGATIVE_DELTA = 10;
  private static final int NEGATIVE_COUNT = 11;
  private static final int POSITIVE_SPAN = 12;
  private static final int POSITIVE_DELTA = 13;
  private static final int POSITIVE_COUNT = 14;

  /**
   * Whether a Histogram field is one of fields 5 to 14 with the wire type of its declaration:
   * schema and zero count varints, zero threshold and float zero count doubles, spans messages,
   * deltas varints and counts doubles, each of the repeated ones packed or not. With another wire
   * type it is an unknown field. (Field 4 is read by the parser, which also keeps it.)
   */
  static boolean holdsField(int tag) {
    int field = WireFormat.getTagFieldNumber(tag);
    if (field < SCHEMA || field > POSITIVE_COUNT) {
      return false;
    }
    int wireType = WireFormat.getTagWireType(tag);
    return switch (field) {
      case SCHEMA, ZERO_COUNT -> wireType == WireFormat.WIRETYPE_VARINT;
      case ZERO_THRESHOLD, ZERO_COUNT_FLOAT -> wireType == WireFormat.WIRETYPE_FIXED64;
      case NEGATIVE_SPAN, POSITIVE_SPAN -> wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      case NEGATIVE_DELTA, POSITIVE_DELTA ->
          wireType == WireFormat.WIRETYPE_VARINT || wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      case NEGATIVE_COUNT, POSITIVE_COUNT ->
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
  static void readField(WireInput wire, int tag) throws IOException {
    CodedInputStream in = wire.in;
    if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      wire.skipPlain(tag);
      return;
    }
    int field = WireFormat.getTagFieldNumber(tag);
    int length = wire.readLength();
    if (field == NEGATIVE_SPAN || field == POSITIVE_SPAN) {
      int outer = in.pushLimit(length);
      int inner;
      while ((inner = in.readTag()) != 0) {
        int innerField = WireFormat.getTagFieldNumber(inner);
        boolean offsetOrLength = innerField == 1 || innerField == 2;
        if (offsetOrLength && WireFormat.getTagWireType(inner) != WireFormat.WIRETYPE_VARINT) {
          throw wire.error("field " + innerField + " of a bucket span in histogram field " + field
              + " has wire type " + WireFormat.getTagWireType(inner) + ", not varint");
        }
        wire.skipField(inner);
      }
      in.popLimit(outer);
    } else if (field == NEGATIVE_DELTA || field == POSITIVE_DELTA) {
      int outer = in.pushLimit(length);
      while (!in.isAtEnd()) {
        in.readRawVarint64();
      }
      in.popLimit(outer);
    } else if (length % 8 != 0) {
      throw wire.error("packed field " + field + " of the histogram holds " + length
          + " bytes, not a whole number of doubles");
    } else {
      in.skipRawBytes(length);
    }
  }
}
