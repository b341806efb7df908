package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What every {@code /api/v1} answer carries upstream (spec §8.1): CORS and no-cache headers, the
 * {@code {"status":"success","data":...}} envelope, and the preflight answer for any API path.
 */
public final class ApiResponses {
  private ApiResponses() {}

  static void addHeaders(HttpServerExchange exchange) {
    HeaderMap h = exchange.getResponseHeaders();
    h.put(HttpString.tryFromString("Access-Control-Allow-Headers"), "Accept, Authorization, Content-Type, Origin");
    h.put(HttpString.tryFromString("Access-Control-Allow-Methods"), "GET, POST, DELETE, OPTIONS");
    h.put(HttpString.tryFromString("Access-Control-Allow-Origin"), "*");
    h.put(HttpString.tryFromString("Access-Control-Expose-Headers"), "Date");
    h.put(Headers.CACHE_CONTROL, "no-cache, no-store, must-revalidate");
  }

  /** Sends {@code {"status":"success","data":<data>}} without a trailing newline, like Go's json.Marshal. */
  static void success(HttpServerExchange exchange, CharSequence dataJson) {
    addHeaders(exchange);
    StringBuilder sb = new StringBuilder(dataJson.length() + 32);
    sb.append("{\"status\":\"success\",\"data\":").append(dataJson).append('}');
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /**
   * Sends upstream's error envelope {@code {"status":"error","errorType":<type>,"error":<message>}}
   * with {@code status}.
   */
  static void error(HttpServerExchange exchange, int status, String errorType, String message) {
    addHeaders(exchange);
    StringBuilder sb = new StringBuilder(message.length() + 64).append('{');
    GoJson.key(sb, "status");
    GoJson.string(sb, "error").append(',');
    GoJson.key(sb, "errorType");
    GoJson.string(sb, errorType).append(',');
    GoJson.key(sb, "error");
    GoJson.string(sb, message).append('}');
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** {@code OPTIONS <prefix>/api/v1/<anything>}: 200, empty, the CORS headers. */
  public static HttpHandler preflight() {
    return exchange -> {
      addHeaders(exchange);
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
      exchange.endExchange();
    };
  }
}
