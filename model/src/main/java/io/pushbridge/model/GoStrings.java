package io.pushbridge.model;

import java.nio.charset.StandardCharsets;

/**
 * Go's string quoting ({@code strconv.Quote}, what {@code %q} prints), for error messages that
 * must read like upstream's.
 */
public final class GoStrings {
  private GoStrings() {}

  /** {@code s} as Go's {@code %q} writes it. */
  public static String quote(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return GoBytes.quote(utf8, 0, utf8.length);
  }
}
