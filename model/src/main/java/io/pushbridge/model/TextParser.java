package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses text exposition format 0.0.4 exactly as upstream 1.5.1's parser (expfmt v0.37.0)
 * accepts and rejects it, with its error messages and line numbers.
 *
 * <p>It walks the byte array the way upstream's state machine walks its reader: {@code pos} is
 * the byte upstream would hold as its current byte, so every place where upstream reads one more
 * byte and can run out of input is a {@link #next()} here, and running out there is upstream's
 * {@code unexpected end of input stream}. Each line's handler leaves {@code pos} on the line's
 * newline.
 */
public final class TextParser {

  private static final int FEW_LABELS = 16;

  private final byte[] body;
  private final int end;
  private int pos = -1;
  private int line;

  private final Map<String, TextFamilyBuilder> families = new HashMap<>();
  private final List<TextFamilyBuilder> familiesInOrder = new ArrayList<>();
  private final TextTokenCache tokens;

  /** The last token read with escapes resolved: either a range of the body or of scratch. */
  private byte[] tokenSource;
  private int tokenFrom;
  private int tokenTo;
  private byte[] scratch = new byte[64];
  private int scratchLength;

  /** State of the sample line being read. */
  private TextFamilyBuilder family;
  private boolean isCount;
  private boolean isSum;
  private String[] labelNames = new String[8];
  private String[] labelValues = new String[8];
  private int labelCount;
  private final Set<String> manyLabelNames = new HashSet<>();
  /** The {@code quantile} of a summary line or the {@code le} of a histogram line, or NaN. */
  private double quantileOrBound;

  private TextParser(byte[] body) {
    this.body = body;
    this.end = body.length;
    this.tokens = new TextTokenCache(body);
  }

  /**
   * The families of {@code body}, in order of first appearance; families without samples are
   * dropped.
   *
   * @throws MetricsParseException {@code text format parsing error in line <n>: <reason>}
   */
  public static List<MetricFamily> parse(byte[] body) {
    return new TextParser(body).parseBody();
  }

  private List<MetricFamily> parseBody() {
    while (startOfLine()) {
      byte c = body[pos];
      if (c == '#') {
        comment();
      } else if (c != '\n') {
        sample();
      }
    }
    List<MetricFamily> result = new ArrayList<>(familiesInOrder.size());
    for (TextFamilyBuilder builder : familiesInOrder) {
      MetricFamily built = builder.build();
      if (built != null) {
        result.add(built);
      }
    }
    return result;
  }

  /** Counts a line and skips its leading blanks; the end of input here is the normal end. */
  private boolean startOfLine() {
    line++;
    do {
      pos++;
    } while (pos < end && isBlank(body[pos]));
    return pos < end;
  }

  private void comment() {
    skipBlankTab();
    if (body[pos] == '\n') {
      return;
    }
    int keywordStart = pos;
    readUntilWhitespace();
    if (body[pos] == '\n') {
      return;
    }
    boolean help = isKeyword(keywordStart, "HELP");
    if (!help && !isKeyword(keywordStart, "TYPE")) {
      while (body[pos] != '\n') {
        next();
      }
      return;
    }
    skipBlankTab();
    int nameStart = pos;
    if (isMetricNameStart(body[pos])) {
      do {
        next();
      } while (isMetricNameContinuation(body[pos]));
    }
    if (body[pos] == '\n') {
      return;
    }
    if (!isBlank(body[pos])) {
      throw error("invalid metric name in comment");
    }
    resolveFamily(nameStart, pos);
    skipBlankTab();
    if (body[pos] == '\n') {
      return;
    }
    if (help) {
      help();
    } else {
      type();
    }
  }

  private boolean isKeyword(int start, String keyword) {
    if (pos - start != keyword.length()) {
      return false;
    }
    for (int i = 0; i < keyword.length(); i++) {
      if (body[start + i] != keyword.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void help() {
    if (family.help != null) {
      throw error("second HELP line for metric name " + GoStrings.quote(family.name));
    }
    readUntilNewline(true);
    // Upstream keeps any bytes; a Java String cannot, so invalid UTF-8 becomes U+FFFD here.
    family.help = new String(tokenSource, tokenFrom, tokenTo - tokenFrom, StandardCharsets.UTF_8);
  }

  private void type() {
    if (family.type != null) {
      throw error("second TYPE line for metric name " + GoStrings.quote(family.name)
          + ", or TYPE reported after samples");
    }
    readUntilNewline(false);
    MetricType type = metricType(tokenSource, tokenFrom, tokenTo);
    if (type == null) {
      throw error("unknown metric type " + GoBytes.quote(tokenSource, tokenFrom, tokenTo));
    }
    family.type = type;
  }

  /**
   * The type a TYPE line names. Upstream upper-cases the keyword rune by rune (Go's simple case
   * mapping, so {@code ſummary} is a summary) and looks it up among its protobuf enum names. Its
   * enum also has GAUGE_HISTOGRAM, but 1.5.1's text parser then keeps such series without values
   * and every later scrape of the gateway breaks; we refuse that keyword as unknown instead.
   */
  private static MetricType metricType(byte[] source, int from, int to) {
    String keyword = new String(source, from, to - from, StandardCharsets.UTF_8);
    StringBuilder upper = new StringBuilder(keyword.length());
    keyword.codePoints().forEach(cp -> upper.appendCodePoint(Character.toUpperCase(cp)));
    return switch (upper.toString()) {
      case "COUNTER" -> MetricType.COUNTER;
      case "GAUGE" -> MetricType.GAUGE;
      case "SUMMARY" -> MetricType.SUMMARY;
      case "UNTYPED" -> MetricType.UNTYPED;
      case "HISTOGRAM" -> MetricType.HISTOGRAM;
      default -> null;
    };
  }

  /**
   * Finds the family a name belongs to the way upstream does: the family of that exact name;
   * else, for {@code _count}/{@code _sum}, a summary or histogram of the base name; else, for
   * {@code _bucket}, a histogram of the base name; else a new family. Once made, a resolution
   * holds for the rest of the body (families are never removed and a typed family keeps its
   * type), so the name's cache entry keeps it.
   */
  private void resolveFamily(int from, int to) {
    TextTokenCache.Entry entry = tokens.entry(body, from, to, true);
    if (entry.family == null) {
      String name = entry.string;
      TextFamilyBuilder found = families.get(name);
      if (found == null) {
        boolean count = name.length() > 6 && name.endsWith("_count");
        boolean sum = name.length() > 4 && name.endsWith("_sum");
        if (count || sum) {
          TextFamilyBuilder base = families.get(name.substring(0, name.length() - (count ? 6 : 4)));
          if (base != null && base.isSummaryOrHistogram()) {
            found = base;
            entry.isCount = count;
            entry.isSum = sum;
          }
        } else if (name.length() > 7 && name.endsWith("_bucket")) {
          TextFamilyBuilder base = families.get(name.substring(0, name.length() - 7));
          if (base != null && base.type == MetricType.HISTOGRAM) {
            found = base;
          }
        }
      }
      if (found == null) {
        found = new TextFamilyBuilder(name);
        families.put(name, found);
        familiesInOrder.add(found);
      }
      entry.family = found;
    }
    family = entry.family;
    isCount = entry.isCount;
    isSum = entry.isSum;
  }

  private void sample() {
    int nameStart = pos;
    if (!isMetricNameStart(body[pos])) {
      throw error("invalid metric name");
    }
    do {
      next();
    } while (isMetricNameContinuation(body[pos]));
    resolveFamily(nameStart, pos);
    if (family.type == null) {
      family.type = MetricType.UNTYPED;
    }
    if (isBlank(body[pos])) {
      skipBlankTab();
    }
    labelCount = 0;
    quantileOrBound = Double.NaN;
    if (body[pos] == '{') {
      labels();
    }
    value();
  }

  private void labels() {
    MetricType type = family.type;
    while (true) {
      skipBlankTab();
      if (body[pos] == '}') {
        skipBlankTab();
        return;
      }
      int nameStart = pos;
      if (!isLabelNameStart(body[pos])) {
        throw error("invalid label name for metric " + GoStrings.quote(family.name));
      }
      do {
        next();
      } while (isLabelNameContinuation(body[pos]));
      String name = tokens.string(body, nameStart, pos, true);
      if (name.equals("__name__")) {
        throw error("label name \"__name__\" is reserved");
      }
      // A summary's quantile and a histogram's le select a value; they are not labels.
      boolean selector = (type == MetricType.SUMMARY && name.equals("quantile"))
          || (type == MetricType.HISTOGRAM && name.equals("le"));
      if (isBlank(body[pos])) {
        skipBlankTab();
      }
      if (body[pos] != '=') {
        throw error("expected '=' after label name, found " + GoBytes.quoteByte(body[pos]));
      }
      if (!selector) {
        addLabelName(name);
      }
      skipBlankTab();
      if (body[pos] != '"') {
        throw error("expected '\"' at start of label value, found " + GoBytes.quoteByte(body[pos]));
      }
      boolean ascii = readLabelValue();
      if (!ascii && !GoBytes.isValidUtf8(tokenSource, tokenFrom, tokenTo)) {
        throw error("invalid label value " + quotedToken());
      }
      if (selector) {
        try {
          quantileOrBound = GoFloatParser.parse(tokenSource, tokenFrom, tokenTo);
        } catch (NumberFormatException e) {
          throw error("expected float as value for '" + name + "' label, got " + quotedToken());
        }
      } else {
        labelValues[labelCount - 1] = tokens.string(tokenSource, tokenFrom, tokenTo, ascii);
      }
      skipBlankTab();
      if (body[pos] == '}') {
        skipBlankTab();
        return;
      }
      if (body[pos] != ',') {
        throw error("unexpected end of label value " + quotedToken());
      }
    }
  }

  private void addLabelName(String name) {
    if (labelCount < FEW_LABELS) {
      for (int i = 0; i < labelCount; i++) {
        if (labelNames[i].equals(name)) {
          throw duplicateLabel();
        }
      }
    } else {
      if (labelCount == FEW_LABELS) {
        manyLabelNames.clear();
        manyLabelNames.addAll(Arrays.asList(labelNames).subList(0, labelCount));
      }
      if (!manyLabelNames.add(name)) {
        throw duplicateLabel();
      }
    }
    if (labelCount == labelNames.length) {
      labelNames = Arrays.copyOf(labelNames, labelCount * 2);
      labelValues = Arrays.copyOf(labelValues, labelCount * 2);
    }
    labelNames[labelCount++] = name;
  }

  private MetricsParseException duplicateLabel() {
    return error("duplicate label names for metric " + GoStrings.quote(family.name));
  }

  /**
   * Reads a quoted label value, {@code pos} on its opening quote, leaving {@code pos} on the
   * closing one and the unescaped value as the token. Returns whether it is all ASCII.
   */
  private boolean readLabelValue() {
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
        throw error("label value " + GoBytes.quote(body, start, pos) + " contains unescaped new-line");
      }
      highBits |= c;
    }
    scratchLength = 0;
    appendScratch(body, start, pos);
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
        throw error("label value " + GoBytes.quote(scratch, 0, scratchLength)
            + " contains unescaped new-line");
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

  private void value() {
    TextFamilyBuilder.Series series = null;
    if (family.isSummaryOrHistogram()) {
      sortLabels();
      series = family.series(labelNames, labelValues, labelCount);
    }
    int start = pos;
    readUntilWhitespace();
    double value;
    try {
      value = GoFloatParser.parse(body, start, pos);
    } catch (NumberFormatException e) {
      throw error("expected float as value, got " + GoBytes.quote(body, start, pos));
    }
    long timestamp = body[pos] == '\n' ? Metric.NO_TIMESTAMP : timestamp();
    if (series == null) {
      sortLabels();
      family.addScalar(
          new Metric.Scalar(labels(labelNames, labelValues, labelCount), value, timestamp));
      return;
    }
    if (isCount) {
      series.count(value);
    } else if (isSum) {
      series.sum(value);
    } else if (!Double.isNaN(quantileOrBound)) {
      if (family.type == MetricType.SUMMARY) {
        series.quantile(quantileOrBound, value);
      } else {
        series.bucket(quantileOrBound, value);
      }
    }
    if (timestamp != Metric.NO_TIMESTAMP) {
      series.timestampMs(timestamp);
    }
  }

  private long timestamp() {
    skipBlankTab();
    int start = pos;
    readUntilWhitespace();
    long timestamp = parseTimestamp(start, pos);
    readUntilNewline(false);
    if (tokenTo > tokenFrom) {
      throw error("spurious string after timestamp: " + quotedToken());
    }
    // A timestamp only ever serves to get the push rejected, so the one value that the model
    // reserves for "none" may stand in for its neighbour.
    return timestamp == Metric.NO_TIMESTAMP ? timestamp + 1 : timestamp;
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, ASCII digits, int64 range. */
  private long parseTimestamp(int from, int to) {
    boolean negative = from < to && body[from] == '-';
    int i = from < to && (negative || body[from] == '+') ? from + 1 : from;
    // Accumulated negatively, as the negative range is the larger one.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long accumulated = 0;
    boolean valid = i < to;
    for (; i < to && valid; i++) {
      int digit = body[i] - '0';
      valid = digit >= 0 && digit <= 9 && accumulated >= limit / 10
          && accumulated * 10 >= limit + digit;
      accumulated = accumulated * 10 - digit;
    }
    if (!valid) {
      throw error("expected integer as timestamp, got " + GoBytes.quote(body, from, to));
    }
    return negative ? accumulated : -accumulated;
  }

  private void sortLabels() {
    int n = labelCount;
    if (n <= FEW_LABELS) {
      for (int i = 1; i < n; i++) {
        String name = labelNames[i];
        String value = labelValues[i];
        int j = i - 1;
        while (j >= 0 && labelNames[j].compareTo(name) > 0) {
          labelNames[j + 1] = labelNames[j];
          labelValues[j + 1] = labelValues[j];
          j--;
        }
        labelNames[j + 1] = name;
        labelValues[j + 1] = value;
      }
      return;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> labelNames[a].compareTo(labelNames[b]));
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = labelNames[order[i]];
      values[i] = labelValues[order[i]];
    }
    System.arraycopy(names, 0, labelNames, 0, n);
    System.arraycopy(values, 0, labelValues, 0, n);
  }

  /** A label set from the first {@code n} sorted pairs of reused scratch arrays. */
  static Labels labels(String[] names, String[] values, int n) {
    return n == 0
        ? Labels.EMPTY
        : Labels.ofSorted(Arrays.copyOf(names, n), Arrays.copyOf(values, n));
  }

  /**
   * Reads up to the newline into the token. With escapes (HELP text) only {@code \\} and
   * {@code \n} are valid; without (TYPE keyword, rest of a sample line) upstream still drops
   * every backslash.
   */
  private void readUntilNewline(boolean escapes) {
    int start = pos;
    while (body[pos] != '\n' && body[pos] != '\\') {
      next();
    }
    if (body[pos] == '\n') {
      setToken(body, start, pos);
      return;
    }
    scratchLength = 0;
    appendScratch(body, start, pos);
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

  private MetricsParseException invalidEscape(byte c) {
    // Go's %c prints the byte as the code point of the same number.
    return error("invalid escape sequence '\\" + (char) (c & 0xFF) + "'");
  }

  private void readUntilWhitespace() {
    while (!isBlank(body[pos]) && body[pos] != '\n') {
      next();
    }
  }

  /** Upstream's skipBlankTab: reads at least one more byte, then past blanks and tabs. */
  private void skipBlankTab() {
    do {
      next();
    } while (isBlank(body[pos]));
  }

  private void next() {
    if (++pos >= end) {
      throw error("unexpected end of input stream");
    }
  }

  private void setToken(byte[] source, int from, int to) {
    tokenSource = source;
    tokenFrom = from;
    tokenTo = to;
  }

  private String quotedToken() {
    return GoBytes.quote(tokenSource, tokenFrom, tokenTo);
  }

  private void appendScratch(byte[] source, int from, int to) {
    int length = to - from;
    ensureScratch(length);
    System.arraycopy(source, from, scratch, scratchLength, length);
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

  private MetricsParseException error(String reason) {
    return new MetricsParseException("text format parsing error in line " + line + ": " + reason);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean isLabelNameStart(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isLabelNameContinuation(byte b) {
    return isLabelNameStart(b) || (b >= '0' && b <= '9');
  }

  private static boolean isMetricNameStart(byte b) {
    return isLabelNameStart(b) || b == ':';
  }

  private static boolean isMetricNameContinuation(byte b) {
    return isLabelNameContinuation(b) || b == ':';
  }
}
