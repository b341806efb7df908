package io.pushbridge.gateway;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The Undertow server: one listener per address (HTTPS when the web config has a certificate),
 * response headers from the web config, basic auth, and the exception mapping in front of the
 * application. Requests that never block (pushes: read, parsed and answered asynchronously) run on
 * the IO thread; every other one is handed to a bounded worker pool in blocking mode before
 * anything is parsed or written (a full pool answers 503).
 */
final class HttpServer {

  /**
   * Sizes of the worker pool, for blocking work: scrapes streamed to clients that may read slowly,
   * the API, bcrypt checks of new credentials, parsing of large push bodies. Threads waiting on a
   * slow client cost no CPU.
   */
  record Workers(int threads, int queueCapacity) {
    static Workers defaults() {
      int cores = Runtime.getRuntime().availableProcessors();
      return new Workers(Math.max(128, 16 * cores), 4096);
    }
  }

  /** Undertow's own default buffer size for heaps over 128 MB. */
  private static final int BUFFER_BYTES = 16 * 1024 - 20;
  /**
   * Buffers kept for reuse. Undertow's builder default keeps none: a buffer allocated by the IO
   * thread and released by a worker (every request body) is freed and the next request allocates
   * and zeroes a new direct buffer, a tenth of the IO thread's time under small pushes. This bounds
   * what the pool can hold (16 MiB); it only ever holds what was once in use at the same time.
   */
  private static final int POOLED_BUFFERS = 1024;
  private static final int THREAD_LOCAL_BUFFERS = 4;

  private final Undertow undertow;
  private final GracefulShutdownHandler graceful;
  private final ThreadPoolExecutor pool;
  private final boolean tls;

  private HttpServer(Undertow undertow, GracefulShutdownHandler graceful, ThreadPoolExecutor pool, boolean tls) {
    this.undertow = undertow;
    this.graceful = graceful;
    this.pool = pool;
    this.tls = tls;
  }

  /** @param nonBlocking the requests that {@code app} answers without blocking, on the IO thread */
  static HttpServer start(List<ListenAddress> addresses, WebConfig web, HttpHandler app, Workers workers,
      Predicate<HttpServerExchange> nonBlocking) throws IOException, GeneralSecurityException {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        workers.threads(), workers.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(workers.queueCapacity()), namedThreads("pushbridge-worker-"));
    HttpHandler inner = new ErrorMappingHandler(app);
    if (!web.users().isEmpty()) {
      inner = new BasicAuthHandler(web.users(), inner, pool);
    }
    for (Map.Entry<String, String> h : web.headers().entrySet()) {
      inner = Handlers.header(inner, h.getKey(), h.getValue());
    }
    // As Go's net/http: a client that sent "Expect: 100-continue" gets its 100 when the body is read.
    HttpHandler chain = new HttpContinueReadHandler(inner);
    HttpHandler blocking = withBlocking(chain);
    GracefulShutdownHandler graceful = Handlers.gracefulShutdown(exchange -> {
      if (nonBlocking.test(exchange)) {
        chain.handleRequest(exchange);
      } else {
        exchange.dispatch(pool, blocking);
      }
    });

    Undertow.Builder builder = Undertow.builder()
        .setByteBufferPool(new DefaultByteBufferPool(true, BUFFER_BYTES, POOLED_BUFFERS, THREAD_LOCAL_BUFFERS))
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Duration.ofMinutes(5).toMillis())
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Duration.ofMinutes(1).toMillis())
        .setHandler(graceful);
    SSLContext ssl = web.tls() == null ? null : TlsSetup.sslContext(web.tls());
    for (ListenAddress a : addresses) {
      if (ssl == null) {
        builder.addHttpListener(a.port(), a.bindHost());
      } else {
        builder.addListener(new Undertow.ListenerBuilder()
            .setType(Undertow.ListenerType.HTTPS)
            .setHost(a.bindHost())
            .setPort(a.port())
            .setSslContext(ssl)
            .setOverrideSocketOptions(TlsSetup.listenerOptions(web.tls())));
      }
    }
    if (ssl != null) {
      builder.setServerOption(UndertowOptions.ENABLE_HTTP2, web.http2());
    }
    Undertow undertow = builder.build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      pool.shutdownNow();
      throw new IOException("cannot listen on " + addresses + ": " + rootMessage(e), e);
    }
    return new HttpServer(undertow, graceful, pool, ssl != null);
  }

  private static HttpHandler withBlocking(HttpHandler next) {
    return exchange -> {
      exchange.startBlocking();
      next.handleRequest(exchange);
    };
  }

  /** The worker pool, for work that must leave the IO thread. */
  Executor workers() {
    return pool;
  }

  /** The addresses actually bound (a requested port 0 becomes the chosen port). */
  List<InetSocketAddress> boundAddresses() {
    List<InetSocketAddress> result = new ArrayList<>();
    for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
      result.add((InetSocketAddress) info.getAddress());
    }
    return result;
  }

  boolean tls() {
    return tls;
  }

  /**
   * Stops taking requests (new ones get 503), waits up to {@code grace} for those in flight, then
   * closes the listeners and the worker pool.
   *
   * @return whether every request in flight finished within the grace period
   */
  boolean stop(Duration grace) throws InterruptedException {
    graceful.shutdown();
    boolean drained = graceful.awaitShutdown(grace.toMillis());
    undertow.stop();
    pool.shutdown();
    pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    return drained;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(false);
      return t;
    };
  }
}
