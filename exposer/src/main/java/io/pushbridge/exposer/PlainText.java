package io.pushbridge.exposer;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Short plain-text answers as upstream writes them. */
final class PlainText {
  private PlainText() {}

  static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  /** A body written directly (Go sniffs it as plain text): no nosniff header, no added newline. */
  static void send(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** Go's {@code http.Error}: nosniff and a trailing newline. */
  static void error(HttpServerExchange exchange, int status, String message) {
    exchange.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
    send(exchange, status, message + "\n");
  }
}
