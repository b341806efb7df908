package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoBytesTest {

  private static String quote(byte... bytes) {
    return GoBytes.quote(bytes, 0, bytes.length);
  }

  private static String quote(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return GoBytes.quote(bytes, 0, bytes.length);
  }

  private static boolean valid(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return GoBytes.isValidUtf8(b, 0, b.length);
  }

  @Test
  void quotesPrintableTextAsIs() {
    assertEquals("\"héllo ✓ 😀\"", quote("héllo ✓ 😀"));
  }

  @Test
  void escapesQuotesBackslashesAndControls() {
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\a\\b\\f\\v\\x00\\x7f\"",
        quote("a\"b\\c\n\r\t\u0007\b\f\u000b\u0000\u007f"));
  }

  @Test
  void escapesNonPrintableRunesByCodePoint() {
    assertEquals("\"\\u0080\\u00a0\\u200b\\u2028\\U000e0001\"",
        quote("\u0080\u00a0\u200b\u2028\udb40\udc01"));
  }

  @Test
  void printsAnEncodedReplacementCharacterButHexForInvalidBytes() {
    assertEquals("\"�\\xc0\"", quote((byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xC0));
    assertEquals("\"\\xe2\\x82a\"", quote((byte) 0xE2, (byte) 0x82, (byte) 'a'));
    assertEquals("\"\\xff\"", quote((byte) 0xFF));
  }

  @Test
  void quotesBytesAsRuneLiterals() {
    assertEquals("'}'", GoBytes.quoteByte((byte) '}'));
    assertEquals("'\"'", GoBytes.quoteByte((byte) '"'));
    assertEquals("'\\''", GoBytes.quoteByte((byte) '\''));
    assertEquals("'\\n'", GoBytes.quoteByte((byte) '\n'));
    assertEquals("'\\x01'", GoBytes.quoteByte((byte) 1));
    assertEquals("'Ã'", GoBytes.quoteByte((byte) 0xC3));
    assertEquals("'\\u0080'", GoBytes.quoteByte((byte) 0x80));
  }

  @Test
  void validatesUtf8AsGoDoes() {
    assertTrue(valid());
    assertTrue(valid('a', 0xC2, 0x80, 0xE0, 0xA0, 0x80, 0xF0, 0x90, 0x80, 0x80));
    assertTrue(valid(0xED, 0x9F, 0xBF, 0xF4, 0x8F, 0xBF, 0xBF));
    assertFalse(valid(0x80));
    assertFalse(valid(0xC0, 0x80));
    assertFalse(valid(0xC1, 0xBF));
    assertFalse(valid(0xE0, 0x9F, 0xBF));
    assertFalse(valid(0xED, 0xA0, 0x80));
    assertFalse(valid(0xF0, 0x8F, 0xBF, 0xBF));
    assertFalse(valid(0xF4, 0x90, 0x80, 0x80));
    assertFalse(valid(0xF5, 0x80, 0x80, 0x80));
    assertFalse(valid(0xE2, 0x82));
    assertFalse(valid(0xC2, 'a'));
  }
}
