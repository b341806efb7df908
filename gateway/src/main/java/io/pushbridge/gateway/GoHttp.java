package io.pushbridge.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;

/** Responses shaped like Go's {@code net/http} helpers, which upstream's clients and probes see. */
final class GoHttp {
  private GoHttp() {}

  static final HttpString NOSNIFF_HEADER = HttpString.tryFromString("X-Content-Type-Options");
  static final String TEXT_PLAIN_UTF8 = "text/plain; charset=utf-8";

  /** {@code http.Error}: plain text, nosniff, the message and a newline. */
  static void error(HttpServerExchange exchange, int code, String message) {
    exchange.setStatusCode(code);
    exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT_PLAIN_UTF8);
    exchange.getResponseHeaders().put(NOSNIFF_HEADER, "nosniff");
    send(exchange, message + "\n");
  }

  /** {@code http.NotFound}. */
  static void notFound(HttpServerExchange exchange) {
    error(exchange, StatusCodes.NOT_FOUND, "404 page not found");
  }

  /**
   * {@code http.Redirect} to an absolute path: a short HTML body for GET and HEAD, nothing for
   * other methods.
   */
  static void redirect(HttpServerExchange exchange, int code, String location) {
    exchange.setStatusCode(code);
    exchange.getResponseHeaders().put(Headers.LOCATION, location);
    HttpString method = exchange.getRequestMethod();
    if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      send(exchange, "<a href=\"" + htmlEscape(location) + "\">"
          + StatusCodes.getReason(code) + "</a>.\n\n");
    } else {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
      exchange.endExchange();
    }
  }

  /** A complete response with a fixed body. */
  static void send(HttpServerExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
  }

  /** Go's {@code html.EscapeString} as {@code http.Redirect} applies it. */
  static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '\'' -> sb.append("&#39;");
        case '"' -> sb.append("&#34;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
