package io.pushbridge.model;

/**
 * Go's view of raw byte strings, for the text parser's error messages and checks: a Go string
 * may hold any bytes, so {@code %q} and {@code utf8.Valid} must see the bytes, not a decoded Java
 * String in which invalid sequences have already become U+FFFD.
 */
final class GoBytes {
  private GoBytes() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Whether {@code b[from, to)} is valid UTF-8 as Go's {@code utf8.Valid} sees it. */
  static boolean isValidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (b[i] >= 0) {
        i++;
        continue;
      }
      int width = sequenceLength(b, i, to);
      if (width == 0) {
        return false;
      }
      i += width;
    }
    return true;
  }

  /** {@code b[from, to)} as Go's {@code %q} prints a string holding those bytes. */
  static String quote(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 2).append('"');
    int i = from;
    while (i < to) {
      int width = b[i] >= 0 ? 1 : sequenceLength(b, i, to);
      if (width == 0) {
        appendHexByte(sb, b[i] & 0xFF);
        i++;
        continue;
      }
      appendEscapedRune(sb, decode(b, i, width), '"');
      i += width;
    }
    return sb.append('"').toString();
  }

  /** A byte as Go's {@code %q} prints a byte value: a quoted rune literal of that code point. */
  static String quoteByte(byte b) {
    StringBuilder sb = new StringBuilder(8).append('\'');
    appendEscapedRune(sb, b & 0xFF, '\'');
    return sb.append('\'').toString();
  }

  /**
   * The length of the UTF-8 sequence starting with a non-ASCII byte at {@code b[i]}, or 0 when
   * Go's decoder would see an invalid byte there. Surrogates and overlong forms are invalid.
   */
  private static int sequenceLength(byte[] b, int i, int to) {
    int lead = b[i] & 0xFF;
    int width;
    int low = 0x80;
    int high = 0xBF;
    if (lead < 0xC2) {
      return 0;
    } else if (lead < 0xE0) {
      width = 2;
    } else if (lead < 0xF0) {
      width = 3;
      if (lead == 0xE0) {
        low = 0xA0;
      } else if (lead == 0xED) {
        high = 0x9F;
      }
    } else if (lead < 0xF5) {
      width = 4;
      if (lead == 0xF0) {
        low = 0x90;
      } else if (lead == 0xF4) {
        high = 0x8F;
      }
    } else {
      return 0;
    }
    if (i + width > to) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < low || second > high) {
      return 0;
    }
    for (int k = 2; k < width; k++) {
      int next = b[i + k] & 0xFF;
      if (next < 0x80 || next > 0xBF) {
        return 0;
      }
    }
    return width;
  }

  private static int decode(byte[] b, int i, int width) {
    return switch (width) {
      case 1 -> b[i];
      case 2 -> (b[i] & 0x1F) << 6 | (b[i + 1] & 0x3F);
      case 3 -> (b[i] & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
      default -> (b[i] & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6
          | (b[i + 3] & 0x3F);
    };
  }

  private static void appendEscapedRune(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').append((char) cp);
      return;
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7F) {
          appendHexByte(sb, cp);
        } else if (cp < 0x10000) {
          sb.append("\\u");
          appendHex(sb, cp, 4);
        } else {
          sb.append("\\U");
          appendHex(sb, cp, 8);
        }
      }
    }
  }

  private static void appendHexByte(StringBuilder sb, int b) {
    sb.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  private static void appendHex(StringBuilder sb, int cp, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(cp >> shift) & 0xF]);
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
          Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
