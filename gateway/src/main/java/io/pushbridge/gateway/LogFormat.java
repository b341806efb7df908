package io.pushbridge.gateway;

import java.util.Locale;

/** {@code --log.format}. */
enum LogFormat {
  LOGFMT,
  JSON;

  String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  static LogFormat parse(String s) {
    for (LogFormat f : values()) {
      if (f.keyword().equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unrecognized log format \"" + s + "\"");
  }
}
