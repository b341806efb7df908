package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import io.undertow.util.StatusCodes;

/** {@code PUT|POST /-/quit} and upstream's answers around it (spec §8.5). */
public final class QuitHandler {
  private QuitHandler() {}

  /**
   * With {@code --web.enable-lifecycle}: answers, then starts {@code shutdown} once the answer is
   * out, so the client sees it before the server stops.
   */
  public static HttpHandler enabled(Runnable shutdown) {
    return exchange -> {
      exchange.addExchangeCompleteListener((ex, next) -> {
        next.proceed();
        shutdown.run();
      });
      PlainText.send(exchange, StatusCodes.OK, "Requesting termination... Goodbye!");
    };
  }

  /** Without the flag: 403. */
  public static HttpHandler disabled() {
    return exchange -> PlainText.send(exchange, StatusCodes.FORBIDDEN, "Lifecycle API is not enabled.");
  }

  /** {@code GET /-/quit}: 405 without an {@code Allow} header. */
  public static HttpHandler getNotAllowed() {
    return exchange -> PlainText.send(exchange, StatusCodes.METHOD_NOT_ALLOWED, "Only POST or PUT requests allowed.");
  }
}
