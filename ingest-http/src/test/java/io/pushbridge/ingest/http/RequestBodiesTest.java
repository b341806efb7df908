package io.pushbridge.ingest.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushbridge.model.MetricsParseException;
import io.pushbridge.model.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedOutputStream;

class RequestBodiesTest {

  static byte[] snappy(byte[] plain) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(buf)) {
      out.write(plain);
    }
    return buf.toByteArray();
  }

  @Test
  void decodesTheSnappyFramingFormat() throws Exception {
    byte[] plain = "a 1\nb 2\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(plain, RequestBodies.unsnappy(snappy(plain), plain.length));
  }

  @Test
  void rejectsWhatIsNotFramedSnappyWithGosMessage() {
    byte[] raw = "m 1\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("snappy: corrupt input",
        assertThrows(MetricsParseException.class, () -> RequestBodies.unsnappy(raw, 1000)).getMessage());
  }

  @Test
  void limitsTheDecompressedSize() throws Exception {
    byte[] plain = new byte[5000];
    byte[] compressed = snappy(plain);
    assertEquals("push body exceeds the limit of 4999 bytes (--push.max-body-bytes)",
        assertThrows(PayloadTooLargeException.class, () -> RequestBodies.unsnappy(compressed, 4999)).getMessage());
    assertEquals(5000, RequestBodies.unsnappy(compressed, 5000).length);
  }
}
