package io.pushbridge.gateway;

import java.util.Locale;
import java.util.logging.Level;

/** {@code --log.level}: upstream's four severities, mapped onto java.util.logging. */
enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  Level julLevel() {
    return switch (this) {
      case DEBUG -> Level.FINE;
      case INFO -> Level.INFO;
      case WARN -> Level.WARNING;
      case ERROR -> Level.SEVERE;
    };
  }

  String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  static LogLevel parse(String s) {
    for (LogLevel l : values()) {
      if (l.keyword().equals(s)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unrecognized log level \"" + s + "\"");
  }

  /** The upstream keyword for a java.util.logging level. */
  static String keywordOf(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "error";
    } else if (v >= Level.WARNING.intValue()) {
      return "warn";
    } else if (v >= Level.INFO.intValue()) {
      return "info";
    }
    return "debug";
  }
}
