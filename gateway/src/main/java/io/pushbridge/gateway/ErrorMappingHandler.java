package io.pushbridge.gateway;

import io.pushbridge.model.InvalidPushException;
import io.pushbridge.model.PayloadTooLargeException;
import io.pushbridge.store.CapacityLimitException;
import io.pushbridge.store.StoreApplyException;
import io.pushbridge.store.StoreException;
import io.pushbridge.store.StoreOverloadedException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The one place where exceptions become HTTP answers (design §5): a push the client got wrong is
 * 400 with upstream's message, a body over the limit 413, a push the store is too full for
 * ({@code --limits.max-groups}, {@code --limits.max-series}) 507 Insufficient Storage, an
 * overloaded or failing store 503, anything else 500. 507 rather than 429: the store is at its
 * configured capacity, not receiving too fast, so retrying sooner or slower does not help until
 * groups are deleted or expire; and 503 already means a full queue or a failing disk. Once a response has started (a streamed scrape) the connection is closed
 * instead, so the client sees a truncated body rather than a wrong one.
 */
final class ErrorMappingHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(ErrorMappingHandler.class.getName());

  private final HttpHandler next;

  ErrorMappingHandler(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (Exception e) {
      respond(exchange, e);
    }
  }

  static void respond(HttpServerExchange exchange, Exception e) {
    if (e instanceof IOException) {
      LOG.log(Level.DEBUG, () -> "I/O error on " + describe(exchange) + " (client gone?): " + e);
      closeConnection(exchange);
      return;
    }
    if (exchange.isResponseStarted()) {
      LOG.log(Level.WARNING, "request failed after its response started: " + describe(exchange), e);
      closeConnection(exchange);
      return;
    }
    if (e instanceof PayloadTooLargeException) {
      LOG.log(Level.DEBUG, () -> "rejected " + describe(exchange) + ": " + e.getMessage());
      exchange.setPersistent(false);
      GoHttp.error(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    } else if (e instanceof CapacityLimitException) {
      LOG.log(Level.DEBUG, () -> "rejected " + describe(exchange) + ": " + e.getMessage());
      GoHttp.error(exchange, StatusCodes.INSUFFICIENT_STORAGE, e.getMessage());
    } else if (e instanceof InvalidPushException) {
      LOG.log(Level.DEBUG, () -> "rejected " + describe(exchange) + ": " + e.getMessage());
      GoHttp.error(exchange, StatusCodes.BAD_REQUEST, e.getMessage());
    } else if (e instanceof StoreOverloadedException) {
      LOG.log(Level.WARNING, "store overloaded, answering 503 to " + describe(exchange) + ": " + e.getMessage());
      GoHttp.error(exchange, StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
    } else if (e instanceof StoreApplyException) {
      LOG.log(Level.ERROR, "the store failed to apply " + describe(exchange), e);
      GoHttp.error(exchange, StatusCodes.INTERNAL_SERVER_ERROR, e.getMessage());
    } else if (e instanceof StoreException) {
      LOG.log(Level.ERROR, "store failed on " + describe(exchange), e);
      GoHttp.error(exchange, StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
    } else {
      LOG.log(Level.ERROR, "internal error on " + describe(exchange), e);
      GoHttp.error(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "internal server error: " + e);
    }
  }

  private static String describe(HttpServerExchange exchange) {
    return exchange.getRequestMethod() + " " + exchange.getRequestURI();
  }

  private static void closeConnection(HttpServerExchange exchange) {
    try {
      exchange.getConnection().close();
    } catch (IOException closeFailure) {
      LOG.log(Level.DEBUG, "closing the connection failed", closeFailure);
    }
  }
}
