package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringPoolTest {

  private static String decodeAt(StringPool pool, String s, int offset) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[offset + utf8.length + 3];
    System.arraycopy(utf8, 0, buf, offset, utf8.length);
    return pool.decode(buf, offset, utf8.length);
  }

  @Test
  void equalBytesGiveTheSameInstanceWhereverTheyAre() {
    StringPool pool = new StringPool();
    String first = decodeAt(pool, "http_requests_total", 0);
    assertEquals("http_requests_total", first);
    assertSame(first, decodeAt(pool, "http_requests_total", 7));
    assertEquals("Zählt Anfragen.", decodeAt(pool, "Zählt Anfragen.", 2));
    assertEquals("", decodeAt(pool, "", 1));
    assertNotEquals(first, decodeAt(pool, "http_requests_totak", 0));
  }

  @Test
  void keepsEveryStringAsItGrows() {
    StringPool pool = new StringPool();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      first.add(decodeAt(pool, "family_" + i, i % 5));
    }
    for (int i = 0; i < 5_000; i++) {
      String again = decodeAt(pool, "family_" + i, 3);
      assertEquals("family_" + i, again);
      assertSame(first.get(i), again);
    }
  }
}
