package io.pushbridge.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * The protobuf reading {@link ProtobufParser} needs beyond {@link CodedInputStream}: length
 * prefixes checked against the enclosing message, unknown fields skipped, and errors that say in
 * which message and at which byte of the body they happened.
 */
final class WireInput {
  final CodedInputStream in;
  private int messageIndex;

  WireInput(byte[] body) {
    in = CodedInputStream.newInstance(body);
    in.setSizeLimit(Integer.MAX_VALUE);
  }

  /** Counts the next delimited {@code MetricFamily} message, for error texts. */
  void nextMessage() {
    messageIndex++;
  }

  /** A length prefix that fits in what is left of the enclosing message. */
  int readLength() throws IOException {
    long length = in.readRawVarint64();
    int left = in.getBytesUntilLimit();
    if (length < 0 || length > left) {
      throw lengthError(length, left);
    }
    return (int) length;
  }

  MetricsParseException lengthError(long length, int left) {
    return error("unexpected EOF: a length of " + Long.toUnsignedString(length)
        + " bytes exceeds the " + left + " bytes left");
  }

  /**
   * Skips an unknown field. Groups are walked iteratively: protobuf-java recurses into nested
   * groups without a depth limit, which a hostile body could turn into a stack overflow.
   */
  void skipField(int tag) throws IOException {
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

  void skipPlain(int tag) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
      case WireFormat.WIRETYPE_FIXED64 -> in.skipRawBytes(8);
      case WireFormat.WIRETYPE_FIXED32 -> in.skipRawBytes(4);
      case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.skipRawBytes(readLength());
      default -> throw error("invalid wire type " + WireFormat.getTagWireType(tag)
          + " for field " + WireFormat.getTagFieldNumber(tag));
    }
  }

  MetricsParseException error(String problem) {
    return new MetricsParseException("invalid protobuf body: " + problem + " (in MetricFamily message "
        + messageIndex + ", at byte " + in.getTotalBytesRead() + ")");
  }
}
