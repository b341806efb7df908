package io.pushbridge.ingest.http;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.PushBodyParser;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.PushTtl;
import io.pushbridge.store.GroupStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code PUT}, {@code POST} and {@code DELETE} of one group (spec §2–§3), without blocking any
 * thread. The grouping key comes from the raw path; the body is read by Undertow's non-blocking
 * receiver within the size limit, decompressed and parsed (on the IO thread when small, else on
 * {@code largeBodies}), and submitted to the store; the answer goes out on the exchange's IO
 * thread once the store has made the change durable and visible to the next scrape. A push thus
 * costs no thread hand-off of its own: the store's writer acknowledges a whole synced batch at
 * once, where a worker blocked per push cost two context switches and a wake-up each.
 *
 * <p>Errors go to the edge's mapping, {@code errors}: {@link io.pushbridge.model.InvalidPushException}
 * (400), its subclass {@link io.pushbridge.model.PayloadTooLargeException} (413), the store's own
 * failures (503). Those found before the body is read (the grouping key, the TTL header) are thrown
 * from {@link #handle} instead.
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

  /**
   * Bodies up to this size are parsed on the IO thread: a 10-series push parses in microseconds,
   * less than a hand-off to a worker costs. Larger ones would hold up the IO thread's other
   * connections, so they are parsed on a worker.
   */
  static final int INLINE_PARSE_BYTES = 32 * 1024;

  /** Answers a failed push; the edge's one mapping of exceptions to statuses. */
  @FunctionalInterface
  public interface ErrorResponder {
    void respond(HttpServerExchange exchange, Exception e);
  }

  private final GroupStore store;
  private final boolean consistencyCheck;
  private final long maxBodyBytes;
  private final Clock clock;
  private final Executor largeBodies;
  private final ErrorResponder errors;

  /**
   * @param clock gives each push its receive time (the store's expiry runs on the same clock)
   * @param largeBodies parses bodies over {@link #INLINE_PARSE_BYTES}
   */
  public PushHandler(GroupStore store, boolean consistencyCheck, long maxBodyBytes, Clock clock,
      Executor largeBodies, ErrorResponder errors) {
    this.store = store;
    this.consistencyCheck = consistencyCheck;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    this.largeBodies = largeBodies;
    this.errors = errors;
  }

  /**
   * @param rawKeyPath the request path after {@code <prefix>/metrics/}, still percent-encoded:
   *     {@code job/<job>/...} or {@code job@base64/<job>/...}
   */
  public void handle(HttpServerExchange exchange, String rawKeyPath) {
    long receivedNanos = nowNanos();
    PushMethod method = PushMethod.valueOf(exchange.getRequestMethod().toString());
    GroupingKey key = GroupingKey.parsePath(rawKeyPath);
    if (method == PushMethod.DELETE) {
      answerWhenDone(exchange, () -> store.submit(PushRequest.delete(key, receivedNanos)), StatusCodes.ACCEPTED);
      return;
    }
    Duration ttl = PushTtl.parse(TTL_HEADER, exchange.getRequestHeaders().getFirst(TTL_HEADER));
    BodyCollector.collect(exchange, maxBodyBytes, new BodyCollector.Sink() {
      @Override
      public void body(HttpServerExchange ex, byte[] body) {
        Executor parser = body.length <= INLINE_PARSE_BYTES ? SameThreadExecutor.INSTANCE : largeBodies;
        ex.dispatch(parser, () -> answerWhenDone(ex, () -> store.submit(parse(ex, key, method, body, receivedNanos, ttl)),
            consistencyCheck ? StatusCodes.OK : StatusCodes.ACCEPTED));
      }

      @Override
      public void failed(HttpServerExchange ex, Exception e) {
        errors.respond(ex, e);
      }
    });
  }

  private PushRequest parse(HttpServerExchange exchange, GroupingKey key, PushMethod method, byte[] body,
      long receivedNanos, Duration ttl) {
    String encoding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    List<MetricFamily> families = PushBodyParser.parse(contentType, encoding, body, maxBodyBytes);
    return new PushRequest(key, method, families, receivedNanos, ttl);
  }

  /**
   * Submits (the store may refuse at once: a bad body, a full queue), keeps the exchange open past
   * this handler call and answers on its IO thread when the store completes. The writer thread only queues the answer, so one synced batch wakes each IO thread
   * at most once instead of one blocked worker per push.
   */
  private void answerWhenDone(HttpServerExchange exchange, Supplier<CompletableFuture<?>> submission, int status) {
    CompletableFuture<?> done;
    try {
      done = submission.get();
    } catch (RuntimeException e) {
      errors.respond(exchange, e);
      return;
    }
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> answerOnIoThread(exchange, done, status));
  }

  private void answerOnIoThread(HttpServerExchange exchange, CompletableFuture<?> done, int status) {
    keepReadsArmed(exchange);
    // Every outcome is answered by the callback itself; its own future carries nothing more.
    CompletableFuture<?> unused = done.whenComplete((result, failure) ->
        exchange.getIoThread().execute(() -> {
          if (failure == null) {
            answer(exchange, status);
          } else {
            errors.respond(exchange, unwrap(failure));
          }
        }));
  }

  /**
   * Undertow stops watching a connection for reads when a request starts and watches it again when
   * the request ends. Within one pass of the IO thread's event loop (a request answered at once) the
   * two cancel out; a push answered after the store's synced batch ends in a later pass, so each
   * change reached the kernel: two {@code epoll_ctl} calls per push, ~4 µs of its CPU (measured with
   * {@code perf stat} against {@code bench/trivial/UndertowFloor.java}, which makes none). Once the
   * body is read, the socket is therefore watched again at once, with no listener on the connection:
   * anything the client sends before its answer (a pipelined request, its close) only suspends reads
   * again, as Undertow does, and the request's end restores Undertow's own listener. Only for plain
   * HTTP/1.1 on the IO thread: a TLS connection's reads must stay with its TLS layer.
   */
  private static void keepReadsArmed(HttpServerExchange exchange) {
    if (exchange.isInIoThread() && exchange.isRequestComplete()
        && exchange.getConnection() instanceof HttpServerConnection connection
        && connection.getSslSessionInfo() == null) {
      connection.getChannel().getSourceChannel().setReadListener(null);
      connection.getOriginalSourceConduit().resumeReads();
    }
  }

  private static Exception unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof Exception e ? e : new IllegalStateException(cause);
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
