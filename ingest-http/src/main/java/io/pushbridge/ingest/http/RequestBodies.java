package io.pushbridge.ingest.http;

import io.pushbridge.model.PayloadTooLargeException;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads push bodies within {@code --push.max-body-bytes}: a declared length over the limit is
 * refused before reading, and a chunked body as soon as it passes it
 * (decompressed bodies are limited again by the body parser). Undertow's own entity limit is not used: over a declared length it answers a bare
 * 400 before any handler runs, and on a chunked body it leaves the exchange unable to answer, where
 * clients are owed a 413 with a message.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** The whole body of a blocking exchange. */
  static byte[] read(HttpServerExchange exchange, long limit) throws IOException {
    long declared = exchange.getRequestContentLength();
    if (declared > limit) {
      throw new PayloadTooLargeException(limit);
    }
    InputStream in = exchange.getInputStream();
    return readAtMost(in, declared >= 0 ? (int) declared : 8192, limit);
  }

  private static byte[] readAtMost(InputStream in, int initial, long limit) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(initial, 16), limit + 1)];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size > limit) {
          throw new PayloadTooLargeException(limit);
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, limit + 1));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) {
        break;
      }
      size += n;
    }
    if (size > limit) {
      throw new PayloadTooLargeException(limit);
    }
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}
