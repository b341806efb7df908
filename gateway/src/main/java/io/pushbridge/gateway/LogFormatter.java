package io.pushbridge.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record in upstream's shape (go-kit via promlog): {@code ts=... caller=... level=...
 * msg=...} as logfmt, or the same keys as a JSON object. An exception becomes {@code err}.
 */
final class LogFormatter extends Formatter {

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final LogFormat format;

  LogFormatter(LogFormat format) {
    this.format = format;
  }

  @Override
  public String format(LogRecord r) {
    String ts = TS.format(Instant.ofEpochMilli(r.getMillis()));
    String caller = caller(r.getLoggerName());
    String level = LogLevel.keywordOf(r.getLevel());
    String msg = formatMessage(r);
    String err = r.getThrown() == null ? null : describe(r.getThrown());
    StringBuilder sb = new StringBuilder(128);
    if (format == LogFormat.JSON) {
      sb.append("{\"caller\":");
      jsonString(sb, caller);
      sb.append(",\"level\":");
      jsonString(sb, level);
      sb.append(",\"msg\":");
      jsonString(sb, msg);
      if (err != null) {
        sb.append(",\"err\":");
        jsonString(sb, err);
      }
      sb.append(",\"ts\":");
      jsonString(sb, ts);
      return sb.append("}\n").toString();
    }
    sb.append("ts=").append(ts).append(" caller=");
    logfmtValue(sb, caller);
    sb.append(" level=").append(level).append(" msg=");
    logfmtValue(sb, msg);
    if (err != null) {
      sb.append(" err=");
      logfmtValue(sb, err);
    }
    return sb.append('\n').toString();
  }

  private static String caller(String loggerName) {
    if (loggerName == null || loggerName.isEmpty()) {
      return "root";
    }
    int dot = loggerName.lastIndexOf('.');
    return dot < 0 ? loggerName : loggerName.substring(dot + 1);
  }

  /** With its stack trace: an error line without one cannot be diagnosed after the fact. */
  private static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString().stripTrailing();
  }

  static void logfmtValue(StringBuilder sb, String v) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!shortEscape(sb, c)) {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  static void jsonString(StringBuilder sb, String v) {
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (shortEscape(sb, c)) {
        continue;
      }
      if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** The escapes logfmt and JSON share; false if {@code c} has none. */
  private static boolean shortEscape(StringBuilder sb, char c) {
    switch (c) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      default -> {
        return false;
      }
    }
    return true;
  }
}
