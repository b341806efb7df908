package io.pushbridge.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Request paths the way Go's {@code net/http} treats them: routing on the percent-decoded path,
 * cleaning with {@code path.Clean} (a path that changes is redirected), and re-escaping for a
 * {@code Location} header. Undertow does not decode for us (DECODE_URL is off) so that the push
 * handler can see the raw grouping key.
 */
final class RawPaths {
  private RawPaths() {}

  /** {@code %XX} sequences to bytes, then UTF-8; {@code +} stays a plus (it is a path, not a query). */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
        throw new IllegalArgumentException("invalid URL escape \""
            + new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8) + "\"");
      }
      out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    } else if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    } else if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /**
   * The part of {@code raw} after the first {@code decodedLength} bytes of its decoded form, still
   * encoded: each {@code %XX} counts as one decoded byte, anything else as its UTF-8 bytes.
   */
  static String rawSuffix(String raw, int decodedLength) {
    int consumed = 0;
    int i = 0;
    while (i < raw.length() && consumed < decodedLength) {
      char c = raw.charAt(i);
      if (c == '%') {
        consumed++;
        i += 3;
      } else if (c < 0x80) {
        consumed++;
        i++;
      } else {
        int cp = raw.codePointAt(i);
        consumed += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        i += Character.charCount(cp);
      }
    }
    return raw.substring(Math.min(i, raw.length()));
  }

  /** Go's ServeMux {@code cleanPath}: {@code path.Clean} that keeps a trailing slash. */
  static String clean(String p) {
    if (isClean(p)) {
      return p;
    }
    if (p.isEmpty()) {
      return "/";
    }
    if (p.charAt(0) != '/') {
      p = "/" + p;
    }
    String np = goPathClean(p);
    if (p.endsWith("/") && !np.equals("/")) {
      np += "/";
    }
    return np;
  }

  /**
   * Whether {@link #clean} returns {@code p} as it is (every push path): rooted, and no segment
   * empty (but a trailing one), {@code .} or {@code ..}. Spares each request the split and join.
   */
  private static boolean isClean(String p) {
    if (p.isEmpty() || p.charAt(0) != '/') {
      return false;
    }
    int start = 1;
    for (int i = 1; i <= p.length(); i++) {
      if (i < p.length() && p.charAt(i) != '/') {
        continue;
      }
      int length = i - start;
      boolean empty = length == 0 && i < p.length();
      boolean dot = length == 1 && p.charAt(start) == '.';
      boolean dotDot = length == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.';
      if (empty || dot || dotDot) {
        return false;
      }
      start = i + 1;
    }
    return true;
  }

  /** Go's {@code path.Join} of rooted parts: joined with slashes, then cleaned (no trailing slash). */
  static String join(String first, String second) {
    return goPathClean("/" + first + "/" + second);
  }

  /** Go's {@code path.Clean} for a rooted path. */
  private static String goPathClean(String p) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  /**
   * Escapes a decoded path as Go's {@code url.URL.EscapedPath} does for a path without a raw form:
   * unreserved characters and {@code $&+,/:;=@} stay, everything else is percent-encoded.
   */
  static String escape(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb.toString();
  }
}
