package io.pushbridge.exposer;

import io.pushbridge.store.GroupStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@code PUT /api/v1/admin/wipe} (spec §8.4), only routed with {@code --web.enable-admin-api}: every
 * group deleted in one durable batch, then 202 with an empty body (upstream answers once the
 * deletes are queued; here they are already applied).
 */
public final class WipeHandler implements HttpHandler {
  private final GroupStore store;

  public WipeHandler(GroupStore store) {
    this.store = store;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws InterruptedException {
    try {
      store.wipe().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(e.getCause());
    }
    exchange.setStatusCode(StatusCodes.ACCEPTED);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }
}
