package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSelectorParserTest {
  private static boolean selects(String selector, String... labels) {
    return GroupSelectorParser.parse(selector).matches(Labels.of(labels));
  }

  private static String error(String selector) {
    return assertThrows(InvalidSelectorException.class, () -> GroupSelectorParser.parse(selector)).getMessage();
  }

  @Test
  void parsesEveryOperator() {
    GroupSelector s = GroupSelectorParser.parse("{job=\"a\", instance!=\"\", env=~\"prod|stage\", zone!~'eu-.*'}");
    assertEquals(List.of(LabelMatcher.Op.EQUAL, LabelMatcher.Op.NOT_EQUAL, LabelMatcher.Op.REGEX, LabelMatcher.Op.NOT_REGEX),
        s.matchers().stream().map(LabelMatcher::op).toList());
    assertEquals("{job=\"a\",instance!=\"\",env=~\"prod|stage\",zone!~\"eu-.*\"}", s.toString());
  }

  @Test
  void equalityAndInequality() {
    assertTrue(selects("{job=\"batch\"}", "job", "batch"));
    assertTrue(selects("{job=\"batch\"}", "job", "batch", "instance", "i"));
    assertFalse(selects("{job=\"batch\"}", "job", "batch2"));
    assertTrue(selects("{job=\"batch\",instance!=\"\"}", "job", "batch", "instance", "i"));
    assertFalse(selects("{job=\"batch\",instance!=\"\"}", "job", "batch"));
  }

  @Test
  void aMissingLabelIsTheEmptyString() {
    assertTrue(selects("{job=\"a\",instance=\"\"}", "job", "a"));
    assertFalse(selects("{job=\"a\",instance=\"\"}", "job", "a", "instance", "i"));
    assertTrue(selects("{job=\"a\",zone!~\".+\"}", "job", "a"));
  }

  @Test
  void regularExpressionsAreFullyAnchored() {
    assertTrue(selects("{job=~\"etl-.*\"}", "job", "etl-daily"));
    assertFalse(selects("{job=~\"etl\"}", "job", "etl-daily"));
    assertFalse(selects("{job=~\"etl|x\"}", "job", "xetl"));
    assertTrue(selects("{job=~\".+\",job!~\"etl-.*\"}", "job", "backup"));
    assertFalse(selects("{job=~\".+\",job!~\"etl-.*\"}", "job", "etl-1"));
    assertTrue(selects("{job=~\"a.b\"}", "job", "a\nb"));
  }

  @Test
  void quotingAndEscapes() {
    assertTrue(selects("{job=\"a\\\"b\\\\c\\n\"}", "job", "a\"b\\c\n"));
    assertTrue(selects("{job='it\\'s'}", "job", "it's"));
    assertTrue(selects("{job=`a\\d+`}", "job", "a\\d+"));
    assertTrue(selects("{job=~`a\\d+`}", "job", "a12"));
    assertTrue(selects("{job=\"\\u00e9\\x41\\101\"}", "job", "\u00e9AA"));
    assertTrue(selects("  {  job = \"a\" , }  ", "job", "a"));
  }

  @Test
  void errorsNameThePosition() {
    assertEquals("1:1: parse error: unexpected end of input, expected \"{\"", error(""));
    assertEquals("1:1: parse error: a selector of groups has no metric name; give grouping labels only, such as {job=\"batch\"}",
        error("up{job=\"a\"}"));
    assertEquals("1:11: parse error: unexpected end of input inside braces", error("{job=\"a\", "));
    assertEquals("1:5: parse error: unexpected character \"~\" in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"",
        error("{job~\"a\"}"));
    assertEquals("1:6: parse error: unexpected character \"a\" in label matching, expected string", error("{job=a}"));
    assertEquals("1:6: parse error: unterminated quoted string", error("{job=\"a}"));
    assertEquals("1:7: parse error: invalid regular expression \"(\": Unclosed group", error("{job=~\"(\"}"));
    assertEquals("1:2: parse error: unexpected character \"1\" in label matching, expected label name", error("{1=\"a\"}"));
    assertEquals("1:10: parse error: unexpected character \"x\" in label matching, expected \",\" or \"}\"", error("{job=\"a\" x=\"b\"}"));
    assertEquals("1:9: parse error: unknown escape sequence \"\\\\q\"", error("{job=\"a\\q\"}"));
    assertEquals("1:11: parse error: unexpected character \"x\" after the selector", error("{job=\"a\"} x"));
  }

  @Test
  void refusesSelectorsThatMatchEveryGroup() {
    String message = "1:1: parse error: vector selector must contain at least one non-empty matcher";
    assertEquals(message, error("{}"));
    assertEquals(message, error("{job=~\".*\"}"));
    assertEquals(message, error("{job=\"\",instance!~\"x\"}"));
  }
}
