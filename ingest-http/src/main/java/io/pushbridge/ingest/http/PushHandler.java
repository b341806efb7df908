package io.pushbridge.ingest.http;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.PushTtl;
import io.pushbridge.store.GroupStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Beyond upstream, a PUT or POST may carry {@value #TTL_HEADER} (a Go duration, 0 for never):
 * the group's time to live from this push on, instead of {@code --push.ttl}.
 */
public final class PushHandler {
  public static final String TTL_HEADER = "Pushbridge-TTL";

  private final GroupStore store;
  private final boolean consistencyCheck;
  private final long maxBodyBytes;
  private final Clock clock;

  public PushHandler(GroupStore store, boolean consistencyCheck, long maxBodyBytes) {
    this(store, consistencyCheck, maxBodyBytes, Clock.systemUTC());
  }

  /** @param clock gives each push its receive time (the store's expiry runs on the same clock) */
  public PushHandler(GroupStore store, boolean consistencyCheck, long maxBodyBytes, Clock clock) {
    this.store = store;
    this.consistencyCheck = consistencyCheck;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
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
    Duration ttl = PushTtl.parse(TTL_HEADER, exchange.getRequestHeaders().getFirst(TTL_HEADER));
    byte[] body = RequestBodies.read(exchange, maxBodyBytes);
    String encoding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    if (encoding != null && encoding.equalsIgnoreCase("snappy")) {
      body = RequestBodies.unsnappy(body, maxBodyBytes);
      encoding = null;
    }
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    List<MetricFamily> families = PushBodyParser.parse(contentType, encoding, body, maxBodyBytes);
    store.apply(new PushRequest(key, method, families, receivedNanos, ttl));
    answer(exchange, consistencyCheck ? StatusCodes.OK : StatusCodes.ACCEPTED);
  }

  private static void answer(HttpServerExchange exchange, int status) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
