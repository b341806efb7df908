package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.function.Supplier;

/**
 * {@code /-/healthy} and {@code /-/ready} (spec §8.5): {@code OK}, or the problem in Go's {@code
 * http.Error} style with the given status (upstream uses 500 for a full write queue).
 */
public final class HealthHandler implements HttpHandler {
  private final Supplier<Problem> check;

  /** Why the gateway is not healthy or not ready. */
  public record Problem(int status, String message) {}

  /** @param check the current problem, or null when all is well */
  public HealthHandler(Supplier<Problem> check) {
    this.check = check;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Problem p = check.get();
    if (p == null) {
      PlainText.send(exchange, StatusCodes.OK, "OK");
    } else {
      PlainText.error(exchange, p.status(), p.message());
    }
  }
}
