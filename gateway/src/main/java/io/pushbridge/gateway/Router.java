package io.pushbridge.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes a request the way upstream's stack does (Go's ServeMux path cleaning in front of
 * httprouter), on the percent-decoded path: an unclean path is redirected with 301; then exact
 * routes by method; then the push subtree {@code <prefix>/metrics/job[@base64]/<job>...}; then
 * httprouter's fixes for the request's method (trailing slash, letter case: 301 for GET, 307
 * otherwise); then {@code OPTIONS} (200 with {@code Allow}, or the API preflight), 405 with {@code
 * Allow}, and 404.
 */
final class Router implements HttpHandler {

  /** Receives a push with the still percent-encoded grouping key path, {@code job/...}. */
  @FunctionalInterface
  interface PushEndpoint {
    void handle(HttpServerExchange exchange, String rawKeyPath) throws Exception;
  }

  private static final Set<HttpString> PUSH_METHODS = Set.of(Methods.PUT, Methods.POST, Methods.DELETE);

  /**
   * Whether a request may be a push below {@code metricsBase}, by its method and raw path alone,
   * before any routing (a cheap test for where to run it; the routing decides).
   */
  static boolean mayBePush(HttpServerExchange exchange, String metricsBase) {
    String path = exchange.getRequestPath();
    return PUSH_METHODS.contains(exchange.getRequestMethod())
        && path.startsWith(metricsBase) && path.startsWith("/job", metricsBase.length());
  }
  private static final String PUSH_ALLOW = "DELETE, OPTIONS, POST, PUT";

  private final Map<String, Map<HttpString, HttpHandler>> routes;
  private final String pushBase;
  /** {@code pushBase + "/job/"} and {@code pushBase + "/job@base64/"}, made once, not per request. */
  private final String pushJob;
  private final String pushJobBase64;
  /** Bytes of {@code pushBase + "/"}: where the grouping key starts in the decoded path. */
  private final int pushKeyStart;
  private final PushEndpoint push;
  private final String preflightBase;
  private final HttpHandler preflight;

  private Router(Builder b) {
    this.routes = Map.copyOf(b.routes);
    this.pushBase = b.pushBase;
    this.pushJob = b.push == null ? null : b.pushBase + "/job/";
    this.pushJobBase64 = b.push == null ? null : b.pushBase + "/job@base64/";
    this.pushKeyStart = b.push == null ? 0 : (b.pushBase + "/").getBytes(StandardCharsets.UTF_8).length;
    this.push = b.push;
    this.preflightBase = b.preflightBase;
    this.preflight = b.preflight;
  }

  static Builder builder() {
    return new Builder();
  }

  static final class Builder {
    private final Map<String, Map<HttpString, HttpHandler>> routes = new LinkedHashMap<>();
    private String pushBase;
    private PushEndpoint push;
    private String preflightBase;
    private HttpHandler preflight;

    Builder route(HttpString method, String path, HttpHandler handler) {
      routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
      return this;
    }

    /** PUT, POST and DELETE below {@code metricsBase + "/job/"} and {@code "/job@base64/"}. */
    Builder push(String metricsBase, PushEndpoint endpoint) {
      this.pushBase = metricsBase;
      this.push = endpoint;
      return this;
    }

    /** OPTIONS on anything below {@code base} (the API's CORS preflight). */
    Builder preflight(String base, HttpHandler handler) {
      this.preflightBase = base;
      this.preflight = handler;
      return this;
    }

    Router build() {
      return new Router(this);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String raw = rawPath(exchange);
    String path;
    try {
      path = RawPaths.decode(raw);
    } catch (IllegalArgumentException e) {
      GoHttp.error(exchange, StatusCodes.BAD_REQUEST, "400 Bad Request");
      return;
    }
    String clean = RawPaths.clean(path);
    if (!clean.equals(path)) {
      GoHttp.redirect(exchange, StatusCodes.MOVED_PERMANENTLY, location(exchange, clean));
      return;
    }
    HttpString method = exchange.getRequestMethod();
    HttpHandler handler = handlerFor(method, path);
    if (handler != null) {
      handler.handleRequest(exchange);
      return;
    }
    if (isPushPath(path)) {
      if (PUSH_METHODS.contains(method)) {
        push.handle(exchange, RawPaths.rawSuffix(raw, pushKeyStart));
        return;
      }
      allowOrReject(exchange, method, PUSH_ALLOW);
      return;
    }
    String fixed = method.equals(Methods.CONNECT) || path.equals("/") ? null : fixedPath(method, path);
    if (fixed != null) {
      int code = method.equals(Methods.GET) ? StatusCodes.MOVED_PERMANENTLY : StatusCodes.TEMPORARY_REDIRECT;
      GoHttp.redirect(exchange, code, location(exchange, fixed));
      return;
    }
    if (method.equals(Methods.OPTIONS) && preflight != null && path.startsWith(preflightBase)) {
      preflight.handleRequest(exchange);
      return;
    }
    Map<HttpString, HttpHandler> byMethod = routes.get(path);
    if (byMethod != null) {
      Set<String> allowed = new TreeSet<>();
      byMethod.keySet().forEach(m -> allowed.add(m.toString()));
      allowed.add(Methods.OPTIONS_STRING);
      allowOrReject(exchange, method, String.join(", ", allowed));
      return;
    }
    GoHttp.notFound(exchange);
  }

  /**
   * The raw path without query. Undertow keeps raw bytes outside ASCII as one char each; they are
   * percent-encoded here so that the path is one consistent encoded form.
   */
  private static String rawPath(HttpServerExchange exchange) {
    String p = exchange.getRequestPath();
    StringBuilder sb = null;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c >= 0x80 && c <= 0xFF) {
        if (sb == null) {
          sb = new StringBuilder(p.length() + 16).append(p, 0, i);
        }
        sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? p : sb.toString();
  }

  private HttpHandler handlerFor(HttpString method, String path) {
    Map<HttpString, HttpHandler> byMethod = routes.get(path);
    return byMethod == null ? null : byMethod.get(method);
  }

  private boolean isPushPath(String path) {
    if (push == null) {
      return false;
    }
    int job = path.startsWith(pushJob) ? pushJob.length()
        : path.startsWith(pushJobBase64) ? pushJobBase64.length() : path.length();
    return job < path.length() && path.charAt(job) != '/';
  }

  private boolean hasRoute(HttpString method, String path) {
    return handlerFor(method, path) != null || (PUSH_METHODS.contains(method) && isPushPath(path));
  }

  /** httprouter's trailing-slash and case-insensitive fixes, for routes of this method only. */
  private String fixedPath(HttpString method, String path) {
    if (path.endsWith("/") && hasRoute(method, path.substring(0, path.length() - 1))) {
      return path.substring(0, path.length() - 1);
    }
    if (!path.endsWith("/") && hasRoute(method, path + "/")) {
      return path + "/";
    }
    if (push != null && PUSH_METHODS.contains(method) && path.equals(pushBase + "/job/")) {
      return pushBase + "/job";
    }
    for (Map.Entry<String, Map<HttpString, HttpHandler>> e : routes.entrySet()) {
      if (e.getKey().equalsIgnoreCase(path) && e.getValue().containsKey(method)) {
        return e.getKey();
      }
    }
    if (push != null && PUSH_METHODS.contains(method)) {
      String lower = path.toLowerCase(Locale.ROOT);
      for (String base : new String[] {pushBase + "/job/", pushBase + "/job@base64/"}) {
        if (lower.startsWith(base.toLowerCase(Locale.ROOT)) && path.length() > base.length()) {
          String candidate = base + path.substring(base.length());
          if (isPushPath(candidate)) {
            return candidate;
          }
        }
      }
    }
    return null;
  }

  private static String location(HttpServerExchange exchange, String path) {
    String query = exchange.getQueryString();
    return RawPaths.escape(path) + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  private static void allowOrReject(HttpServerExchange exchange, HttpString method, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    if (method.equals(Methods.OPTIONS)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
      exchange.endExchange();
    } else {
      GoHttp.error(exchange, StatusCodes.METHOD_NOT_ALLOWED, "Method Not Allowed");
    }
  }
}
