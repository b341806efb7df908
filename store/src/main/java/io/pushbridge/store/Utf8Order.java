package io.pushbridge.store;

import java.util.Comparator;

/** Strings in the order of their UTF-8 bytes (code point order), as Go and the exposition sort. */
final class Utf8Order {
  private Utf8Order() {}

  static final Comparator<String> COMPARATOR = Utf8Order::compare;

  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return rank(ca) - rank(cb);
      }
    }
    return a.length() - b.length();
  }

  /** UTF-16 order differs from code point order only in that surrogates must rank above U+FFFF. */
  private static int rank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
  }
}
