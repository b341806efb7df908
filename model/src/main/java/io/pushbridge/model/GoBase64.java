package io.pushbridge.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes grouping-key values the way upstream does: strip every trailing {@code =}, then Go's
 * {@code base64.RawURLEncoding}. Go's decoder skips CR and LF and, on an error, returns what it
 * decoded so far together with the byte offset; upstream prints both, so this does too.
 */
final class GoBase64 {
  private GoBase64() {}

  private static final byte[] DECODE = new byte[256];

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      DECODE[alphabet.charAt(i)] = (byte) i;
    }
  }

  /** The outcome of a decode: the bytes decoded up to an error, and the error or null. */
  record Result(String decoded, String error) {
    boolean failed() {
      return error != null;
    }
  }

  static Result decode(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '=') {
      end--;
    }
    byte[] src = value.substring(0, end).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4 + 2);
    int si = 0;
    int[] quantum = new int[4];
    while (si < src.length) {
      int j = 0;
      while (j < 4) {
        if (si == src.length) {
          break;
        }
        int in = src[si++] & 0xFF;
        if (in == '\n' || in == '\r') {
          continue;
        }
        int v = DECODE[in];
        if (v < 0) {
          return new Result(utf8(out), corrupt(si - 1));
        }
        quantum[j++] = v;
      }
      if (j == 1) {
        return new Result(utf8(out), corrupt(si - 1));
      }
      int val = 0;
      for (int k = 0; k < 4; k++) {
        val = (val << 6) | (k < j ? quantum[k] : 0);
      }
      out.write(val >> 16);
      if (j > 2) {
        out.write(val >> 8);
      }
      if (j > 3) {
        out.write(val);
      }
    }
    return new Result(utf8(out), null);
  }

  /** Base64url without padding, as client_golang encodes values containing a slash. */
  static String encode(String value) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String corrupt(int offset) {
    return "illegal base64 data at input byte " + offset;
  }

  private static String utf8(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }
}
