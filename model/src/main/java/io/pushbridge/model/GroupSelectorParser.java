package io.pushbridge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a Prometheus series selector without a metric name, {@code {name op "value", ...}}: the
 * operators {@code =}, {@code !=}, {@code =~}, {@code !~}; values in double or single quotes with
 * Go's escapes, or in backquotes without; a trailing comma allowed. Regular expressions are anchored
 * at both ends like Prometheus's and use Java's syntax, which agrees with RE2 on everyday patterns.
 * As in Prometheus, at least one matcher must not match the empty string, so no selector selects
 * everything by accident.
 */
public final class GroupSelectorParser {
  private final String in;
  private int pos;

  private GroupSelectorParser(String in) {
    this.in = in;
  }

  /** @throws InvalidSelectorException with the position, e.g. {@code 1:6: parse error: ...} */
  public static GroupSelector parse(String selector) {
    return new GroupSelectorParser(selector).selector();
  }

  private GroupSelector selector() {
    skipSpace();
    if (pos < in.length() && isNameStart(in.charAt(pos))) {
      throw error("a selector of groups has no metric name; give grouping labels only, "
          + "such as {job=\"batch\"}");
    }
    expect('{', "unexpected end of input, expected \"{\"");
    List<LabelMatcher> matchers = new ArrayList<>();
    skipSpace();
    while (pos < in.length() && in.charAt(pos) != '}') {
      matchers.add(matcher());
      skipSpace();
      if (pos < in.length() && in.charAt(pos) == ',') {
        pos++;
        skipSpace();
      } else if (pos < in.length() && in.charAt(pos) != '}') {
        throw error("unexpected " + describe() + " in label matching, expected \",\" or \"}\"");
      }
    }
    expect('}', "unexpected end of input inside braces");
    skipSpace();
    if (pos < in.length()) {
      throw error("unexpected " + describe() + " after the selector");
    }
    boolean selective = false;
    for (LabelMatcher m : matchers) {
      selective |= !m.matches("");
    }
    if (!selective) {
      pos = 0;
      throw error("vector selector must contain at least one non-empty matcher");
    }
    return new GroupSelector(matchers);
  }

  private LabelMatcher matcher() {
    int start = pos;
    while (pos < in.length() && (isNameStart(in.charAt(pos)) || (pos > start && isDigit(in.charAt(pos))))) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected " + describe() + " in label matching, expected label name");
    }
    String name = in.substring(start, pos);
    skipSpace();
    LabelMatcher.Op op = operator();
    skipSpace();
    int valueStart = pos;
    String value = string();
    if (op == LabelMatcher.Op.EQUAL || op == LabelMatcher.Op.NOT_EQUAL) {
      return new LabelMatcher(name, op, value, null);
    }
    try {
      return new LabelMatcher(name, op, value, Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL));
    } catch (PatternSyntaxException e) {
      pos = valueStart;
      throw new InvalidSelectorException(position() + ": parse error: invalid regular expression "
          + GoStrings.quote(value) + ": " + e.getDescription(), e);
    }
  }

  private LabelMatcher.Op operator() {
    if (in.startsWith("=~", pos)) {
      pos += 2;
      return LabelMatcher.Op.REGEX;
    }
    if (in.startsWith("!~", pos)) {
      pos += 2;
      return LabelMatcher.Op.NOT_REGEX;
    }
    if (in.startsWith("!=", pos)) {
      pos += 2;
      return LabelMatcher.Op.NOT_EQUAL;
    }
    if (in.startsWith("=", pos)) {
      pos += 1;
      return LabelMatcher.Op.EQUAL;
    }
    throw error("unexpected " + describe() + " in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"");
  }

  private String string() {
    if (pos >= in.length()) {
      throw error("unexpected end of input in label matching, expected string");
    }
    char quote = in.charAt(pos);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw error("unexpected " + describe() + " in label matching, expected string");
    }
    int open = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        pos = open;
        throw error("unterminated quoted string");
      }
      char c = in.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\' && quote != '`') {
        escape(sb, quote);
      } else if (c == '\n' && quote != '`') {
        pos = open;
        throw error("unterminated quoted string");
      } else {
        sb.append(c);
      }
    }
  }

  /** Go's escapes after a backslash, as {@code strconv.Unquote} reads them. */
  private void escape(StringBuilder sb, char quote) {
    if (pos >= in.length()) {
      throw error("unterminated quoted string");
    }
    char c = in.charAt(pos++);
    switch (c) {
      case 'a' -> sb.append('\u0007');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'v' -> sb.append('\u000b');
      case '\\' -> sb.append('\\');
      case 'x' -> sb.append((char) hex(2));
      case 'u' -> sb.appendCodePoint(hex(4));
      case 'U' -> sb.appendCodePoint(hex(8));
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        pos--;
        sb.append((char) number(3, 8));
      }
      default -> {
        if (c != quote) {
          pos--;
          throw error("unknown escape sequence " + GoStrings.quote("\\" + c));
        }
        sb.append(c);
      }
    }
  }

  private int hex(int digits) {
    return number(digits, 16);
  }

  private int number(int digits, int radix) {
    if (pos + digits > in.length()) {
      throw error("unterminated escape sequence");
    }
    int v;
    try {
      v = Integer.parseUnsignedInt(in.substring(pos, pos + digits), radix);
    } catch (NumberFormatException e) {
      throw error("invalid escape sequence " + GoStrings.quote(in.substring(pos, pos + digits)));
    }
    if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
      throw error("invalid escape sequence: code point " + v + " out of range");
    }
    pos += digits;
    return v;
  }

  private void expect(char c, String otherwise) {
    if (pos >= in.length() || in.charAt(pos) != c) {
      throw error(pos >= in.length() ? otherwise : "unexpected " + describe() + ", expected \"" + c + "\"");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t'
        || in.charAt(pos) == '\n' || in.charAt(pos) == '\r')) {
      pos++;
    }
  }

  private String describe() {
    return pos >= in.length() ? "end of input" : "character " + GoStrings.quote(in.substring(pos, pos + 1));
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Line and column, 1-based, as Prometheus's parser reports them. */
  private String position() {
    int line = 1;
    int column = 1;
    for (int i = 0; i < pos && i < in.length(); i++) {
      if (in.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return line + ":" + column;
  }

  private InvalidSelectorException error(String message) {
    return new InvalidSelectorException(position() + ": parse error: " + message);
  }
}
