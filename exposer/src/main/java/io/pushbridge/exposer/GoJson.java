package io.pushbridge.exposer;

/**
 * JSON text as Go's {@code encoding/json} writes it, which the JSON API's clients see: HTML-safe
 * escaping ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as six-character unicode escapes),
 * newline, carriage return and tab as short escapes, other control characters as unicode escapes,
 * a lone surrogate as U+FFFD.
 */
final class GoJson {
  private GoJson() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(sb, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(sb, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append("\\ufffd");
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
  }

  /** {@code "key":} */
  static StringBuilder key(StringBuilder sb, String key) {
    return string(sb, key).append(':');
  }
}
