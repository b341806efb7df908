package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the tokens of one line of an OpenMetrics 1.0 text body by the specification's ABNF: single
 * spaces between tokens and none anywhere else, legacy metric and label names, escaped strings,
 * numbers as {@link GoFloatParser} reads them (which is the ABNF's {@code number}). Errors carry
 * the line number.
 */
final class OpenMetricsLexer {
  /** The ABNF's limit on an exemplar's label names and values together, in code points. */
  static final int MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

  private final byte[] body;
  private int pos;
  private int end;
  private int line;

  OpenMetricsLexer(byte[] body) {
    this.body = body;
  }

  /** Reads the line {@code body[from, to)}, {@code to} being its line feed or the body's end. */
  void startLine(int from, int to, int lineNumber) {
    pos = from;
    end = to;
    line = lineNumber;
  }

  boolean atEnd() {
    return pos == end;
  }

  /** Whether the rest of the line starts with {@code ascii}; consumes it if so. */
  boolean skip(String ascii) {
    if (end - pos < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (body[pos + i] != ascii.charAt(i)) {
        return false;
      }
    }
    pos += ascii.length();
    return true;
  }

  byte peek() {
    return atEnd() ? (byte) '\n' : body[pos];
  }

  void expectSpace(String before) {
    if (peek() != ' ') {
      throw error("expected a single space before " + before + ", got " + rest());
    }
    pos++;
  }

  void expectEnd(String after) {
    if (!atEnd()) {
      throw error("unexpected " + rest() + " after " + after);
    }
  }

  String metricName(String where) {
    int start = pos;
    if (!atEnd() && TextCursor.isMetricNameStart(body[pos])) {
      do {
        pos++;
      } while (!atEnd() && isNameByte(body[pos], true));
    }
    if (pos == start) {
      throw error("expected metric name " + where + ", got " + rest());
    }
    return ascii(start, pos);
  }

  /** The ABNF's {@code *metricname-char}, the text of a UNIT line. */
  String unit() {
    int start = pos;
    while (!atEnd() && isNameByte(body[pos], true)) {
      pos++;
    }
    return ascii(start, pos);
  }

  /**
   * A braced label set, the current byte being its brace: {@code {}} or labels separated by single
   * commas, no trailing comma. Names are legacy label names, each at most once.
   */
  Map<String, String> labels(String of) {
    pos++;
    TreeMap<String, String> labels = new TreeMap<>();
    if (peek() == '}') {
      pos++;
      return labels;
    }
    while (true) {
      int start = pos;
      if (!atEnd() && isLabelNameStart(body[pos])) {
        do {
          pos++;
        } while (!atEnd() && isNameByte(body[pos], false));
      }
      if (pos == start) {
        throw error("expected label name in labels of " + of + ", got " + rest());
      }
      String name = ascii(start, pos);
      if (peek() != '=') {
        throw error("expected '=' after label name " + GoStrings.quote(name) + ", got " + rest());
      }
      pos++;
      if (peek() != '"') {
        throw error("expected '\"' at start of the value of label " + GoStrings.quote(name)
            + ", got " + rest());
      }
      pos++;
      String value = escapedString(true);
      if (labels.put(name, value) != null) {
        throw error("duplicate label name " + GoStrings.quote(name) + " in labels of " + of);
      }
      byte c = peek();
      pos++;
      if (c == '}') {
        return labels;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}' after label value, got " + rest());
      }
    }
  }

  /**
   * An escaped string: {@code \n}, {@code \"} and {@code \\} are escapes, a backslash before any
   * other character stands for itself (the ABNF's {@code BS normal-char}, read as Prometheus and
   * the Python client read it). Quoted: up to and past the closing quote; unquoted (HELP text): to
   * the end of the line, where a double quote is not a normal-char. Must be valid UTF-8.
   */
  String escapedString(boolean quoted) {
    int start = pos;
    ByteArrayBuilder out = null;
    while (true) {
      if (atEnd()) {
        if (quoted) {
          throw error("label value " + GoBytes.quote(body, start, pos) + " is not terminated");
        }
        break;
      }
      byte c = body[pos];
      if (c == '"') {
        if (quoted) {
          break;
        }
        throw error("unescaped '\"' in help text");
      }
      if (c == '\\') {
        if (out == null) {
          out = new ByteArrayBuilder(pos - start + 16);
          out.append(body, start, pos - start);
        }
        if (pos + 1 == end) {
          throw error("escape sequence at the end of the line");
        }
        byte e = body[pos + 1];
        switch (e) {
          case 'n' -> out.append((byte) '\n');
          case '"', '\\' -> out.append(e);
          default -> out.append(c).append(e);
        }
        pos += 2;
        continue;
      }
      if (out != null) {
        out.append(c);
      }
      pos++;
    }
    int stop = pos;
    if (quoted) {
      pos++;
    }
    if (!GoBytes.isValidUtf8(body, start, stop)) {
      throw error((quoted ? "label value " : "help text ") + GoBytes.quote(body, start, stop)
          + " is not valid UTF-8");
    }
    return out == null
        ? new String(body, start, stop - start, StandardCharsets.UTF_8)
        : new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
  }

  /** The rest of the line as it is. */
  String restOfLine() {
    String rest = new String(body, pos, end - pos, StandardCharsets.UTF_8);
    pos = end;
    return rest;
  }

  /** A number up to the next space or the end of the line. */
  double number(String what) {
    int start = pos;
    while (!atEnd() && body[pos] != ' ') {
      pos++;
    }
    try {
      return GoFloatParser.parse(body, start, pos);
    } catch (NumberFormatException e) {
      throw error("expected a number as " + what + ", got " + GoBytes.quote(body, start, pos));
    }
  }

  /** A timestamp in seconds (the ABNF's {@code realnumber}), as milliseconds. */
  long timestampMs(String what) {
    int start = pos;
    double seconds = number(what);
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw error("expected a real number as " + what + ", got " + GoBytes.quote(body, start, pos));
    }
    long ms = (long) (seconds * 1000);
    // Timestamps only ever get a push refused, so the value the model reserves for "none" may
    // stand in for its neighbour.
    return ms == Metric.NO_TIMESTAMP ? ms + 1 : ms;
  }

  /**
   * The exemplar after a sample, from its {@code #}: {@code # {labels} value [timestamp]}; its
   * value. The model keeps no exemplars, so the rest is only checked.
   */
  double exemplar() {
    if (!skip("# ") || peek() != '{') {
      throw error("expected exemplar \"# {...} value\", got " + rest());
    }
    Map<String, String> labels = labels("exemplar");
    int codePoints = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      codePoints += e.getKey().codePointCount(0, e.getKey().length())
          + e.getValue().codePointCount(0, e.getValue().length());
    }
    if (codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS) {
      throw error("exemplar labels have " + codePoints + " code points, more than "
          + MAX_EXEMPLAR_LABEL_CODE_POINTS);
    }
    expectSpace("exemplar value");
    double value = number("exemplar value");
    if (!atEnd()) {
      expectSpace("exemplar timestamp");
      timestampMs("exemplar timestamp");
    }
    expectEnd("exemplar");
    return value;
  }

  MetricsParseException error(String reason) {
    return new MetricsParseException(
        "openmetrics format parsing error in line " + line + ": " + reason);
  }

  /** The rest of the line, quoted, for error messages; {@code end of line} when nothing is left. */
  private String rest() {
    if (atEnd()) {
      return "end of line";
    }
    int to = Math.min(end, pos + 40);
    return GoBytes.quote(body, pos, to);
  }

  private String ascii(int from, int to) {
    return new String(body, from, to - from, StandardCharsets.US_ASCII);
  }

  private static boolean isLabelNameStart(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isNameByte(byte b, boolean colon) {
    return isLabelNameStart(b) || (b >= '0' && b <= '9') || (colon && b == ':');
  }
}
