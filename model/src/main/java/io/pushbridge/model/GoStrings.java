package io.pushbridge.model;

/**
 * Go's string quoting ({@code strconv.Quote}, what {@code %q} prints), for error messages that
 * must read like upstream's.
 */
public final class GoStrings {
  private GoStrings() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code s} as Go's {@code %q} writes it. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendQuoted(sb, cp);
    }
    return sb.append('"').toString();
  }

  private static void appendQuoted(StringBuilder sb, int cp) {
    switch (cp) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      default -> {
        if (isPrint(cp)) {
          sb.appendCodePoint(cp);
        } else if (cp == 0xFFFD) {
          // Java has already replaced an invalid UTF-8 byte here; Go would print the byte.
          sb.append("\\ufffd");
        } else if (cp < 0x80) {
          sb.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
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

  private static void appendHex(StringBuilder sb, int cp, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(cp >> shift) & 0xF]);
    }
  }

  /** An approximation of Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
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
