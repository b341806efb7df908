package io.pushbridge.store;

import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back the sample lines of a counter, gauge or untyped family exactly as the store rendered
 * them: {@code name{label="value",...} value}, labels sorted, values escaped, no timestamp. JSON,
 * protobuf and OpenMetrics views decode every family of every group on each request, most of
 * them a line or ten, where the exposition parser's set-up per call would dominate.
 */
final class ScalarLineParser {
  private final byte[] text;
  private final int length;
  private int pos;
  /** The label names of the line before, reused while they repeat. */
  private String[] names = new String[0];

  private ScalarLineParser(byte[] text, int length) {
    this.text = text;
    this.length = length;
  }

  /**
   * The series of the first {@code length} bytes of {@code text}, lines of family {@code name}.
   *
   * @throws IllegalArgumentException when the bytes are not such lines
   */
  static List<Metric> parse(String name, byte[] text, int length, int expected) {
    ScalarLineParser p = new ScalarLineParser(text, length);
    byte[] prefix = name.getBytes(StandardCharsets.UTF_8);
    List<Metric> metrics = new ArrayList<>(expected);
    while (p.pos < length) {
      p.expect(prefix);
      Labels labels = p.at() == '{' ? p.labels() : Labels.EMPTY;
      p.expect((byte) ' ');
      int start = p.pos;
      while (p.at() != '\n') {
        p.pos++;
      }
      double value = value(text, start, p.pos);
      p.pos++;
      metrics.add(new Metric.Scalar(labels, value));
    }
    return metrics;
  }

  private Labels labels() {
    pos++;
    List<String> names = new ArrayList<>(this.names.length);
    List<String> values = new ArrayList<>(this.names.length);
    while (true) {
      int start = pos;
      while (at() != '=') {
        pos++;
      }
      names.add(name(names.size(), start, pos));
      pos++;
      expect((byte) '"');
      values.add(quoted());
      byte next = at();
      pos++;
      if (next == '}') {
        break;
      }
      if (next != ',') {
        throw malformed();
      }
    }
    String[] n = names.toArray(new String[0]);
    this.names = n;
    return Labels.ofSorted(n, values.toArray(new String[0]));
  }

  /** The label name in {@code [start, end)}, the previous line's instance when it is the same. */
  private String name(int index, int start, int end) {
    if (index < names.length) {
      byte[] known = names[index].getBytes(StandardCharsets.UTF_8);
      if (Arrays.equals(known, 0, known.length, text, start, end)) {
        return names[index];
      }
    }
    return new String(text, start, end - start, StandardCharsets.UTF_8);
  }

  /** A label value up to its closing quote, unescaping {@code \\}, {@code \"} and {@code \n}. */
  private String quoted() {
    int start = pos;
    boolean escaped = false;
    while (at() != '"') {
      if (text[pos] == '\\') {
        escaped = true;
        pos++;
        at();
      }
      pos++;
    }
    int end = pos;
    pos++;
    if (!escaped) {
      return new String(text, start, end - start, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      byte b = text[i];
      if (b == '\\') {
        b = text[++i] == 'n' ? (byte) '\n' : text[i];
      }
      out[n++] = b;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** A value as {@code GoFloat} writes it. */
  private static double value(byte[] text, int start, int end) {
    String s = new String(text, start, end - start, StandardCharsets.US_ASCII);
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("malformed sample value " + s, e);
        }
      }
    };
  }

  private byte at() {
    if (pos >= length) {
      throw malformed();
    }
    return text[pos];
  }

  private void expect(byte b) {
    if (at() != b) {
      throw malformed();
    }
    pos++;
  }

  private void expect(byte[] bytes) {
    if (length - pos < bytes.length
        || !Arrays.equals(bytes, 0, bytes.length, text, pos, pos + bytes.length)) {
      throw malformed();
    }
    pos += bytes.length;
  }

  private IllegalArgumentException malformed() {
    return new IllegalArgumentException("malformed sample line at byte " + pos);
  }
}
