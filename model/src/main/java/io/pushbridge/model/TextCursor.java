package io.pushbridge.model;

import java.util.Arrays;

/**
 * Walks a text body the way upstream's parser walks its reader. {@link #current()} is the byte
 * upstream would hold as its current byte; every place where upstream reads one more byte and can
 * run out of input is a {@link #next()} here, and running out there is upstream's
 * {@code unexpected end of input stream}. Errors carry the number of the line being read.
 */
final class TextCursor {
  private final byte[] body;
  private final int end;
  private int pos = -1;
  private int line;

  /** The last token read with escapes resolved: a range of the body or of scratch. */
  private byte[] tokenSource;
  private int tokenFrom;
  private int tokenTo;
  private byte[] scratch = new byte[64];
  private int scratchLength;

  TextCursor(byte[] body) {
    this.body = body;
    this.end = body.length;
  }

  byte[] body() {
    return body;
  }

  int position() {
    return pos;
  }

  byte current() {
    return body[pos];
  }

  /** Counts a line and skips its leading blanks; false at the end of the body, not an error here. */
  boolean startOfLine() {
    line++;
    do {
      pos++;
    } while (pos < end && isBlank(body[pos]));
    return pos < end;
  }

  void next() {
    if (++pos >= end) {
      throw error("unexpected end of input stream");
    }
  }

  /** Upstream's skipBlankTab: reads at least one more byte, then past blanks and tabs. */
  void skipBlankTab() {
    do {
      next();
    } while (isBlank(body[pos]));
  }

  void skipBlankTabIfCurrentIsBlank() {
    if (isBlank(body[pos])) {
      skipBlankTab();
    }
  }

  void readUntilWhitespace() {
    while (!isBlank(body[pos]) && body[pos] != '\n') {
      next();
    }
  }

  /** Reads a metric name if one starts here; reads nothing otherwise. */
  void readMetricName() {
    if (isMetricNameStart(body[pos])) {
      do {
        next();
      } while (isMetricNameContinuation(body[pos]));
    }
  }

  /** Reads a label name if one starts here; reads nothing otherwise. */
  void readLabelName() {
    if (isLabelNameStart(body[pos])) {
      do {
        next();
      } while (isLabelNameContinuation(body[pos]));
    }
  }

  /**
   * Reads up to the newline into the token. With escapes (HELP text) only {@code \\} and
   * {@code \n} are valid; without (TYPE keyword, rest of a sample line) upstream still drops
   * every backslash.
   */
  void readUntilNewline(boolean escapes) {
    int start = pos;
    while (body[pos] != '\n' && body[pos] != '\\') {
      next();
    }
    if (body[pos] == '\n') {
      setToken(body, start, pos);
      return;
    }
    scratchLength = 0;
    appendScratch(start, pos);
    boolean escaped = false;
    while (true) {
      byte c = body[pos];
      if (escapes && escaped) {
        switch (c) {
          case '\\' -> appendScratch(c);
          case 'n' -> appendScratch((byte) '\n');
          default -> throw invalidEscape(c);
        }
        escaped = false;
      } else if (c == '\n') {
        break;
      } else if (c == '\\') {
        escaped = true;
      } else {
        appendScratch(c);
      }
      next();
    }
    setToken(scratch, 0, scratchLength);
  }

  /**
   * Reads a quoted label value, the current byte being its opening quote, leaving the closing
   * quote current and the unescaped value as the token. Returns whether the value is all ASCII.
   */
  boolean readLabelValue() {
    int start = pos + 1;
    int highBits = 0;
    while (true) {
      next();
      byte c = body[pos];
      if (c == '"') {
        setToken(body, start, pos);
        return highBits >= 0;
      }
      if (c == '\\') {
        break;
      }
      if (c == '\n') {
        throw unescapedNewLine(body, start, pos);
      }
      highBits |= c;
    }
    scratchLength = 0;
    appendScratch(start, pos);
    boolean escaped = true;
    while (true) {
      next();
      byte c = body[pos];
      if (escaped) {
        switch (c) {
          case '"', '\\' -> appendScratch(c);
          case 'n' -> appendScratch((byte) '\n');
          default -> throw invalidEscape(c);
        }
        escaped = false;
      } else if (c == '"') {
        break;
      } else if (c == '\n') {
        throw unescapedNewLine(scratch, 0, scratchLength);
      } else if (c == '\\') {
        escaped = true;
      } else {
        highBits |= c;
        appendScratch(c);
      }
    }
    setToken(scratch, 0, scratchLength);
    return highBits >= 0;
  }

  byte[] tokenSource() {
    return tokenSource;
  }

  int tokenFrom() {
    return tokenFrom;
  }

  int tokenTo() {
    return tokenTo;
  }

  boolean tokenIsEmpty() {
    return tokenTo == tokenFrom;
  }

  String quotedToken() {
    return GoBytes.quote(tokenSource, tokenFrom, tokenTo);
  }

  String quote(int from, int to) {
    return GoBytes.quote(body, from, to);
  }

  MetricsParseException error(String reason) {
    return new MetricsParseException("text format parsing error in line " + line + ": " + reason);
  }

  private MetricsParseException unescapedNewLine(byte[] source, int from, int to) {
    return error("label value " + GoBytes.quote(source, from, to) + " contains unescaped new-line");
  }

  private MetricsParseException invalidEscape(byte c) {
    // Go's %c prints the byte as the code point of the same number.
    return error("invalid escape sequence '\\" + (char) (c & 0xFF) + "'");
  }

  private void setToken(byte[] source, int from, int to) {
    tokenSource = source;
    tokenFrom = from;
    tokenTo = to;
  }

  private void appendScratch(int from, int to) {
    int length = to - from;
    ensureScratch(length);
    System.arraycopy(body, from, scratch, scratchLength, length);
    scratchLength += length;
  }

  private void appendScratch(byte c) {
    ensureScratch(1);
    scratch[scratchLength++] = c;
  }

  private void ensureScratch(int extra) {
    if (scratchLength + extra > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + extra));
    }
  }

  static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  static boolean isMetricNameStart(byte b) {
    return isLabelNameStart(b) || b == ':';
  }

  private static boolean isLabelNameStart(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isLabelNameContinuation(byte b) {
    return isLabelNameStart(b) || (b >= '0' && b <= '9');
  }

  private static boolean isMetricNameContinuation(byte b) {
    return isLabelNameContinuation(b) || b == ':';
  }
}
