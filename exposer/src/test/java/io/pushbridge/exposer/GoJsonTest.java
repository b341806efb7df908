package io.pushbridge.exposer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoJsonTest {

  private static String json(String s) {
    return GoJson.string(new StringBuilder(), s).toString();
  }

  @Test
  void escapesLikeGoEncodingJson() {
    assertEquals("\"a \\u003cb\\u003e \\u0026 \\\"c\\\"\"", json("a <b> & \"c\""));
    assertEquals("\"x\\ny\\tz\\r\\\\\"", json("x\ny\tz\r\\"));
    assertEquals("\"\\u0001\\u0008\\u000c\\u001f\"", json("\u0001\b\f\u001f"));
    assertEquals("\"\\u2028\\u2029\"", json("\u2028\u2029"));
    assertEquals("\"\u00fc\ud83d\ude00/\"", json("\u00fc\ud83d\ude00/"));
    assertEquals("\"\\ufffd\"", json("\ud800"));
  }
}
