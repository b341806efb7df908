package io.pushbridge.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses text exposition format 0.0.4 exactly as upstream 1.5.1's parser (expfmt v0.37.0)
 * accepts and rejects it, with its error messages and line numbers. The grammar is here; the
 * byte-level reading, which decides where upstream runs out of input, is {@link TextCursor}'s.
 * Each line's handler leaves the cursor on the line's newline.
 */
public final class TextParser {

  private final TextCursor in;
  private final byte[] body;
  private final TextTokenCache tokens;
  private final Map<String, TextFamilyBuilder> families = new HashMap<>();
  private final List<TextFamilyBuilder> familiesInOrder = new ArrayList<>();

  private TextFamilyBuilder family;
  private boolean isCount;
  private boolean isSum;
  private final TextLabelScratch labels = new TextLabelScratch();
  /** The {@code quantile} of a summary line or the {@code le} of a histogram line, or NaN. */
  private double quantileOrBound;

  private TextParser(byte[] body) {
    this.in = new TextCursor(body);
    this.body = body;
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
    while (in.startOfLine()) {
      byte c = in.current();
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

  private void comment() {
    in.skipBlankTab();
    if (in.current() == '\n') {
      return;
    }
    int keywordStart = in.position();
    in.readUntilWhitespace();
    if (in.current() == '\n') {
      return;
    }
    boolean help = isKeyword(keywordStart, "HELP");
    if (!help && !isKeyword(keywordStart, "TYPE")) {
      while (in.current() != '\n') {
        in.next();
      }
      return;
    }
    in.skipBlankTab();
    int nameStart = in.position();
    in.readMetricName();
    if (in.current() == '\n') {
      return;
    }
    if (!TextCursor.isBlank(in.current())) {
      throw in.error("invalid metric name in comment");
    }
    resolveFamily(nameStart, in.position());
    in.skipBlankTab();
    if (in.current() == '\n') {
      return;
    }
    if (help) {
      help();
    } else {
      type();
    }
  }

  private boolean isKeyword(int start, String keyword) {
    if (in.position() - start != keyword.length()) {
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
      throw in.error("second HELP line for metric name " + GoStrings.quote(family.name));
    }
    in.readUntilNewline(true);
    // Upstream keeps any bytes; a Java String cannot, so invalid UTF-8 becomes U+FFFD here.
    family.help = new String(in.tokenSource(), in.tokenFrom(), in.tokenTo() - in.tokenFrom(),
        StandardCharsets.UTF_8);
  }

  private void type() {
    if (family.type != null) {
      throw in.error("second TYPE line for metric name " + GoStrings.quote(family.name)
          + ", or TYPE reported after samples");
    }
    in.readUntilNewline(false);
    MetricType type = metricType(in.tokenSource(), in.tokenFrom(), in.tokenTo());
    if (type == null) {
      throw in.error("unknown metric type " + in.quotedToken());
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
    TextTokenCache.Entry entry = tokens.entryAt(0, body, from, to, true);
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
    int nameStart = in.position();
    in.readMetricName();
    if (in.position() == nameStart) {
      throw in.error("invalid metric name");
    }
    resolveFamily(nameStart, in.position());
    if (family.type == null) {
      family.type = MetricType.UNTYPED;
    }
    in.skipBlankTabIfCurrentIsBlank();
    labels.clear();
    quantileOrBound = Double.NaN;
    if (in.current() == '{') {
      labels();
    }
    value();
  }

  private void labels() {
    MetricType type = family.type;
    for (int place = 1; ; place += 2) {
      in.skipBlankTab();
      if (in.current() == '}') {
        in.skipBlankTab();
        return;
      }
      int nameStart = in.position();
      in.readLabelName();
      if (in.position() == nameStart) {
        throw in.error("invalid label name for metric " + GoStrings.quote(family.name));
      }
      String name = tokens.stringAt(place, body, nameStart, in.position(), true);
      if (name.equals("__name__")) {
        throw in.error("label name \"__name__\" is reserved");
      }
      // A summary's quantile and a histogram's le select a value; they are not labels.
      boolean selector = (type == MetricType.SUMMARY && name.equals("quantile"))
          || (type == MetricType.HISTOGRAM && name.equals("le"));
      in.skipBlankTabIfCurrentIsBlank();
      if (in.current() != '=') {
        throw in.error("expected '=' after label name, found " + GoBytes.quoteByte(in.current()));
      }
      if (!selector && !labels.addName(name)) {
        throw in.error("duplicate label names for metric " + GoStrings.quote(family.name));
      }
      in.skipBlankTab();
      if (in.current() != '"') {
        throw in.error(
            "expected '\"' at start of label value, found " + GoBytes.quoteByte(in.current()));
      }
      labelValue(name, selector, place + 1);
      in.skipBlankTab();
      if (in.current() == '}') {
        in.skipBlankTab();
        return;
      }
      if (in.current() != ',') {
        throw in.error("unexpected end of label value " + in.quotedToken());
      }
    }
  }

  private void labelValue(String name, boolean selector, int place) {
    boolean ascii = in.readLabelValue();
    byte[] source = in.tokenSource();
    int from = in.tokenFrom();
    int to = in.tokenTo();
    if (!ascii && !GoBytes.isValidUtf8(source, from, to)) {
      throw in.error("invalid label value " + in.quotedToken());
    }
    if (!selector) {
      labels.setLastValue(tokens.stringAt(place, source, from, to, ascii));
      return;
    }
    try {
      quantileOrBound = GoFloatParser.parse(source, from, to);
    } catch (NumberFormatException e) {
      throw in.error("expected float as value for '" + name + "' label, got " + in.quotedToken());
    }
  }

  private void value() {
    TextFamilyBuilder.Series series = null;
    if (family.isSummaryOrHistogram()) {
      labels.sortByName();
      series = family.series(labels);
    }
    int start = in.position();
    in.readUntilWhitespace();
    double value;
    try {
      value = GoFloatParser.parse(body, start, in.position());
    } catch (NumberFormatException e) {
      throw in.error("expected float as value, got " + in.quote(start, in.position()));
    }
    long timestamp = in.current() == '\n' ? Metric.NO_TIMESTAMP : timestamp();
    if (series == null) {
      labels.sortByName();
      family.addScalar(new Metric.Scalar(labels.toLabels(), value, timestamp));
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
    in.skipBlankTab();
    int start = in.position();
    in.readUntilWhitespace();
    long timestamp = parseTimestamp(start, in.position());
    in.readUntilNewline(false);
    if (!in.tokenIsEmpty()) {
      throw in.error("spurious string after timestamp: " + in.quotedToken());
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
      throw in.error("expected integer as timestamp, got " + in.quote(from, to));
    }
    return negative ? accumulated : -accumulated;
  }
}
