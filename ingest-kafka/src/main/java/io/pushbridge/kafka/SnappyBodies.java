package io.pushbridge.kafka;

import io.pushbridge.model.MetricsParseException;
import io.pushbridge.model.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Snappy record bodies in the framing format ({@code snzip} style), as HTTP pushes with {@code
 * Content-Encoding: snappy} (Pushgateway ≥ 1.6), with Go's error text for anything else.
 */
final class SnappyBodies {
  private SnappyBodies() {}

  /**
   * @throws PayloadTooLargeException as soon as the decompressed body passes {@code maxBytes}
   * @throws MetricsParseException when the body is not framed snappy
   */
  static byte[] decompress(byte[] body, long maxBytes) {
    try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, body.length * 2));
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (out.size() + (long) n > maxBytes) {
          throw new PayloadTooLargeException(maxBytes);
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new MetricsParseException("snappy: corrupt input", e);
    }
  }
}
