package io.pushbridge.model;

/** UTF-8 validity exactly as Go's {@code unicode/utf8} judges it (no surrogates, no overlongs). */
final class Utf8Bytes {
  private Utf8Bytes() {}

  /** Whether {@code bytes[from, to)} is valid UTF-8. */
  static boolean isValid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      if (bytes[i] >= 0) {
        i++;
        continue;
      }
      int n = sequenceLength(bytes, i, to);
      if (n == 0) {
        return false;
      }
      i += n;
    }
    return true;
  }

  /** The length of the valid sequence starting at {@code i} (before {@code end}), or 0 if there is none. */
  static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    if (c < 0x80) {
      return 1;
    }
    if (c < 0xC2 || c > 0xF4) {
      return 0;
    }
    int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > end) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    int low = 0x80;
    int high = 0xBF;
    if (c == 0xE0) {
      low = 0xA0;
    } else if (c == 0xED) {
      high = 0x9F;
    } else if (c == 0xF0) {
      low = 0x90;
    } else if (c == 0xF4) {
      high = 0x8F;
    }
    if (second < low || second > high) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return n;
  }
}
