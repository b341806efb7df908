package io.pushbridge.ingest.http;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.store.GroupStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code PUT}, {@code POST} and {@code DELETE} of one group (spec §2–§3), on a worker thread of a
 * blocking exchange. The grouping key comes from the raw path; the body is read within the size
 * limit, decompressed ({@code snappy} here, {@code gzip} by the body parser), parsed, and applied
 * to the store, which answers once the change is durable and visible to the next scrape. Errors
 * are thrown for the edge to map: {@link io.pushbridge.model.InvalidPushException} (400), its
 * subclass {@link io.pushbridge.model.PayloadTooLargeException} (413), the store's own failures
 * (503).
 *
 * <p>Status codes as upstream: 200 for a checked push, 202 with the consistency check disabled,
 * 202 for DELETE. Unlike upstream, an unchecked push and a DELETE are also answered only once
 * durable, so a 202 here never loses the change.
 */
public final class PushHandler {
  private final GroupStore store;
  private final boolean consistencyCheck;
  private final long maxBodyBytes;

  public PushHandler(GroupStore store, boolean consistencyCheck, long maxBodyBytes) {
    this.store = store;
    this.consistencyCheck = consistencyCheck;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * @param rawKeyPath the request path after {@code <prefix>/metrics/}, still percent-encoded:
   *     {@code job/<job>/...} or {@code job@base64/<job>/...}
   */
  public void handle(HttpServerExchange exchange, String rawKeyPath) throws IOException {
    long receivedNanos = nowNanos();
    PushMethod method = PushMethod.valueOf(exchange.getRequestMethod().toString());
    GroupingKey key = GroupingKey.parsePath(rawKeyPath);
    if (method == PushMethod.DELETE) {
      store.apply(PushRequest.delete(key, receivedNanos));
      answer(exchange, StatusCodes.ACCEPTED);
      return;
    }
    byte[] body = RequestBodies.read(exchange, maxBodyBytes);
    String encoding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    if (encoding != null && encoding.equalsIgnoreCase("snappy")) {
      body = RequestBodies.unsnappy(body, maxBodyBytes);
      encoding = null;
    }
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    List<MetricFamily> families = PushBodyParser.parse(contentType, encoding, body, maxBodyBytes);
    store.apply(new PushRequest(key, method, families, receivedNanos));
    answer(exchange, consistencyCheck ? StatusCodes.OK : StatusCodes.ACCEPTED);
  }

  private static void answer(HttpServerExchange exchange, int status) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
