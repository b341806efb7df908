package io.pushbridge.ingest.http;

import io.pushbridge.model.PayloadTooLargeException;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import java.util.Arrays;

/**
 * Collects a push body from Undertow's non-blocking receiver within {@code --push.max-body-bytes}:
 * a declared length over the limit is refused before reading, a chunked body as soon as it passes
 * it (decompressed bodies are limited again by the body parser). Undertow's own entity limit is not
 * used: over a declared length it answers a bare 400 before any handler runs, and on a chunked body
 * it leaves the exchange unable to answer, where clients are owed a 413 with a message.
 */
final class BodyCollector implements Receiver.PartialBytesCallback {

  /** Gets the whole body, or the reason there is none; called once, inside a handler call. */
  interface Sink {
    void body(HttpServerExchange exchange, byte[] body);

    void failed(HttpServerExchange exchange, Exception e);
  }

  private final long limit;
  private final Sink sink;
  private byte[] buf;
  private int size;
  private boolean finished;

  private BodyCollector(long limit, Sink sink) {
    this.limit = limit;
    this.sink = sink;
  }

  /** Starts reading; {@code sink} hears the outcome on this thread or, later, on the IO thread. */
  static void collect(HttpServerExchange exchange, long limit, Sink sink) {
    long declared = exchange.getRequestContentLength();
    if (declared > limit) {
      sink.failed(exchange, new PayloadTooLargeException(limit));
      return;
    }
    BodyCollector collector = new BodyCollector(limit, sink);
    exchange.getRequestReceiver().receivePartialBytes(collector,
        (ex, e) -> collector.finish(ex, null, e));
  }

  @Override
  public void handle(HttpServerExchange exchange, byte[] chunk, boolean last) {
    if (finished) {
      return;
    }
    if ((long) size + chunk.length > limit) {
      exchange.getRequestReceiver().pause();
      finish(exchange, null, new PayloadTooLargeException(limit));
      return;
    }
    append(chunk);
    if (last) {
      finish(exchange, size == buf.length ? buf : Arrays.copyOf(buf, size), null);
    }
  }

  /** The receiver hands over a fresh array per read; the usual one-read body is kept as it is. */
  private void append(byte[] chunk) {
    if (buf == null) {
      buf = chunk;
      size = chunk.length;
      return;
    }
    if (chunk.length == 0) {
      return;
    }
    if (size + chunk.length > buf.length) {
      long wanted = Math.max((long) buf.length * 2, size + chunk.length);
      buf = Arrays.copyOf(buf, (int) Math.min(wanted, Math.min(limit, Integer.MAX_VALUE - 8)));
    }
    System.arraycopy(chunk, 0, buf, size, chunk.length);
    size += chunk.length;
  }

  private void finish(HttpServerExchange exchange, byte[] body, Exception failure) {
    finished = true;
    buf = null;
    if (failure == null) {
      sink.body(exchange, body);
    } else {
      sink.failed(exchange, failure);
    }
  }
}
