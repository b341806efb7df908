package io.pushbridge.gateway;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's request metrics under upstream's names, help texts and labels (spec §7.1): every
 * request to a named handler is counted by code, handler and method once it completes; pushes
 * (PUT and POST) also feed the duration and size summaries, failed or not.
 */
final class HttpMetrics {

  private final Counter requests;
  private final Map<String, WindowedSummary> pushDuration = new ConcurrentHashMap<>();
  private final Map<String, WindowedSummary> pushSize = new ConcurrentHashMap<>();

  HttpMetrics(PrometheusRegistry registry, BuildInfo build) {
    requests = Counter.builder()
        .name("pushgateway_http_requests_total")
        .help("Total HTTP requests processed by the Pushgateway, excluding scrapes.")
        .labelNames("code", "handler", "method")
        // No request runs in a trace span, so no exemplar is ever kept (upstream has none either);
        // the sampler still tried, scheduling a timer task per sample, on the IO thread.
        .withoutExemplars()
        .register(registry);
    summary("pushgateway_http_push_duration_seconds",
        "HTTP request duration for pushes to the Pushgateway.", pushDuration).register(registry);
    summary("pushgateway_http_push_size_bytes",
        "HTTP request size for pushes to the Pushgateway.", pushSize).register(registry);
    Info.builder()
        .name("pushgateway_build_info")
        .help("A metric with a constant '1' value labeled by version, revision, branch, goversion from "
            + "which pushgateway was built, and the goos and goarch for the build.")
        .labelNames("branch", "goarch", "goos", "goversion", "revision", "version")
        .register(registry)
        .setLabelValues(build.branch(), build.arch(), build.os(), "java" + build.javaVersion(),
            build.revision(), build.version());
  }

  /** Upstream's quantiles 0.1, 0.5 and 0.9 over client_golang's default ten-minute window. */
  private static SummaryWithCallback.Builder summary(String name, String help, Map<String, WindowedSummary> byMethod) {
    return SummaryWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("method")
        .callback(cb -> byMethod.forEach((method, s) -> cb.call(s.count(), s.sum(), s.quantiles(), method)));
  }

  private static WindowedSummary series(Map<String, WindowedSummary> byMethod, String method) {
    // ConcurrentHashMap answers a present key without locking.
    return byMethod.computeIfAbsent(method, m -> new WindowedSummary(System::nanoTime));
  }

  /** Counts requests to {@code handlerName}. */
  HttpHandler counted(String handlerName, HttpHandler next) {
    return exchange -> {
      count(exchange, handlerName);
      next.handleRequest(exchange);
    };
  }

  /**
   * Counts pushes ({@code push} or {@code delete}) and times and sizes the PUTs and POSTs, with one
   * commit listener per push and the counter's series looked up once per status code (the router
   * sends only PUT, POST and DELETE here).
   */
  Router.PushEndpoint countedPush(Router.PushEndpoint next) {
    CodeCounts puts = new CodeCounts("push", "put");
    CodeCounts posts = new CodeCounts("push", "post");
    CodeCounts deletes = new CodeCounts("delete", "delete");
    return (exchange, rawKeyPath) -> {
      HttpString method = exchange.getRequestMethod();
      if (method.equals(Methods.DELETE)) {
        exchange.addResponseCommitListener(ex -> deletes.inc(ex.getStatusCode()));
      } else {
        CodeCounts counts = method.equals(Methods.PUT) ? puts : posts;
        long start = System.nanoTime();
        long size = approximateRequestSize(exchange);
        exchange.addResponseCommitListener(ex -> {
          counts.inc(ex.getStatusCode());
          series(pushDuration, counts.method).observe((System.nanoTime() - start) / 1e9);
          series(pushSize, counts.method).observe((double) size);
        });
      }
      next.handle(exchange, rawKeyPath);
    };
  }

  /** The request counter's series of one handler and method, by status code, each made on first use. */
  private final class CodeCounts {
    private final String handler;
    private final String method;
    private final AtomicReferenceArray<CounterDataPoint> byCode = new AtomicReferenceArray<>(600);

    CodeCounts(String handler, String method) {
      this.handler = handler;
      this.method = method;
    }

    void inc(int code) {
      if (code < 0 || code >= byCode.length()) {
        requests.labelValues(Integer.toString(code), handler, method).inc();
        return;
      }
      CounterDataPoint series = byCode.get(code);
      if (series == null) {
        series = requests.labelValues(Integer.toString(code), handler, method);
        byCode.set(code, series);
      }
      series.inc();
    }
  }

  private void count(HttpServerExchange exchange, String handlerName) {
    String method = method(exchange);
    // Recorded as the response is committed, not when the exchange completes, so that a client
    // which has its answer already sees the request in the next scrape.
    exchange.addResponseCommitListener(
        ex -> requests.labelValues(Integer.toString(ex.getStatusCode()), handlerName, method).inc());
  }

  private static String method(HttpServerExchange exchange) {
    return exchange.getRequestMethod().toString().toLowerCase(Locale.ROOT);
  }

  /**
   * client_golang's {@code computeApproximateRequestSize}: URL, method, protocol, header names and
   * values (Host apart), host, and the declared body length.
   */
  static long approximateRequestSize(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    long size = (long) exchange.getRequestURI().length() + (query == null || query.isEmpty() ? 0 : query.length() + 1);
    size += exchange.getRequestMethod().length();
    size += exchange.getProtocol().length();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      if (values.getHeaderName().equals(Headers.HOST)) {
        continue;
      }
      size += values.getHeaderName().length();
      for (String v : values) {
        size += v.length();
      }
    }
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    size += host == null ? 0 : host.length();
    long contentLength = exchange.getRequestContentLength();
    return contentLength > 0 ? size + contentLength : size;
  }
}
