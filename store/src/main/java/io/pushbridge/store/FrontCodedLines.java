package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import java.util.Arrays;

/**
 * Sample lines front-coded: each line as the length of the prefix it shares with the line before
 * and the rest of its bytes, both lengths as unsigned varints. The lines of a family share long
 * prefixes (the name, the grouping labels and the first label values come first and series are
 * sorted), so this keeps a fraction of the bytes, while expanding is two array copies per line.
 */
final class FrontCodedLines {
  private FrontCodedLines() {}

  /** {@code text}: whole lines, each ending in a newline (the exposition never has a raw one inside). */
  static byte[] encode(byte[] text) {
    return encode(text, text.length, new ByteArrayBuilder(text.length / 4 + 16));
  }

  /** The first {@code length} bytes of {@code text}, whole lines, coded in {@code scratch}. */
  static byte[] encode(byte[] text, int length, ByteArrayBuilder scratch) {
    ByteArrayBuilder out = scratch;
    out.reset();
    int previous = 0;
    int previousLength = 0;
    int pos = 0;
    while (pos < length) {
      int max = Math.min(previousLength, length - pos);
      int shared = Arrays.mismatch(text, previous, previous + max, text, pos, pos + max);
      if (shared < 0) {
        shared = max;
      }
      // The line before has its only newline last: a prefix shared short of it holds none, so
      // the search for this line's end starts after it.
      int end = shared == previousLength && shared > 0 ? pos + shared - 1 : pos + shared;
      while (text[end] != '\n') {
        end++;
      }
      int lineLength = end + 1 - pos;
      FamilyCodec.writeVarint(out, shared);
      FamilyCodec.writeVarint(out, lineLength - shared);
      out.append(text, pos + shared, lineLength - shared);
      previous = pos;
      previousLength = lineLength;
      pos = end + 1;
    }
    return out.toByteArray();
  }

  /** The first {@code length} bytes of {@code text}, one line: no prefix, then the line. */
  static byte[] encodeLine(byte[] text, int length) {
    int lengthBytes = 1;
    for (int v = length >>> 7; v != 0; v >>>= 7) {
      lengthBytes++;
    }
    byte[] coded = new byte[1 + lengthBytes + length];
    int pos = 1;
    int v = length;
    while ((v & ~0x7F) != 0) {
      coded[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    coded[pos++] = (byte) v;
    System.arraycopy(text, 0, coded, pos, length);
    return coded;
  }

  /** Appends the lines {@code coded} holds to {@code out}. */
  static void expand(byte[] coded, ByteArrayBuilder out) {
    int previous = 0;
    int pos = 0;
    while (pos < coded.length) {
      int shared = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = coded[pos++];
        shared |= (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      int rest = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = coded[pos++];
        rest |= (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      int start = out.size();
      // The argument is read before append may grow the buffer; the old array keeps the bytes.
      out.append(out.array(), previous, shared);
      out.append(coded, pos, rest);
      pos += rest;
      previous = start;
    }
  }

  /**
   * Checks that {@code coded} expands without reading out of bounds: every shared prefix within
   * the line before, every rest within the bytes, every line ending in a newline.
   *
   * @throws IllegalArgumentException when it does not
   */
  static void validate(byte[] coded) {
    FamilyCodec.Reader in = new FamilyCodec.Reader(coded);
    long previousLength = 0;
    while (!in.atEnd()) {
      long shared = in.varint();
      int rest = in.count();
      if (shared > previousLength || shared + rest == 0) {
        throw new IllegalArgumentException("malformed sample lines");
      }
      int last = in.skip(rest);
      if (rest == 0 ? shared != previousLength : last != '\n') {
        throw new IllegalArgumentException("malformed sample lines");
      }
      previousLength = shared + rest;
    }
  }
}
