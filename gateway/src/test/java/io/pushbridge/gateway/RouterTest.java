package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route table's answers for paths and methods that reach no handler, checked against what
 * upstream 1.5.1 answers (spec §2.4, §7.5, §8.7; probed on the Debian binary).
 */
class RouterTest {
  private static HttpServer server;
  private static Http http;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Router router = Router.builder()
        .route(Methods.GET, "/metrics", ex -> answer(ex, "scrape"))
        .route(Methods.GET, "/-/healthy", ex -> answer(ex, "healthy"))
        .route(Methods.GET, "/status", ex -> answer(ex, "status"))
        .route(Methods.GET, "/", ex -> answer(ex, "root"))
        .route(Methods.GET, "/api/v1/status", ex -> answer(ex, "api-status"))
        .route(Methods.PUT, "/-/quit", ex -> answer(ex, "quit"))
        .route(Methods.POST, "/-/quit", ex -> answer(ex, "quit"))
        .route(Methods.GET, "/-/quit", ex -> answer(ex, "quit-get"))
        .push("/metrics", (ex, key) -> answer(ex, ex.getRequestMethod() + " " + key))
        .preflight("/api/v1/", ex -> answer(ex, "preflight"))
        .build();
    server = HttpServer.start(List.of(new ListenAddress("127.0.0.1", 0)), WebConfig.NONE, router,
        HttpServer.Workers.defaults(), exchange -> false);
    port = server.boundAddresses().get(0).getPort();
    http = new Http("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(Duration.ofSeconds(5));
  }

  private static void answer(HttpServerExchange ex, String text) {
    GoHttp.send(ex, text);
  }

  @Test
  void pushRoutesReceiveTheRawGroupingKeyPath() throws Exception {
    assertEquals("PUT job/a%2Fb/c%20d/e+f", http.send("PUT", "/metrics/job/a%2Fb/c%20d/e+f", "").body());
    assertEquals("POST job@base64/YQ==/x@base64/=", http.send("POST", "/metrics/job@base64/YQ==/x@base64/=", "").body());
    assertEquals("DELETE job/a/b/", http.send("DELETE", "/metrics/job/a/b/", null).body());
    assertEquals("PUT job/x", http.send("PUT", "/metrics/job/x?q=1", "").body());
    assertEquals("PUT job/%C3%9Cn", http.send("PUT", "/metrics/job/%C3%9Cn", "").body());
  }

  @Test
  void rawNonAsciiBytesInThePathArePercentEncodedForTheKey() throws Exception {
    String response = rawRequest("PUT /metrics/job/\u00dcn HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertEquals(true, response.endsWith("PUT job/%c3%9cn"), response);
  }

  @Test
  void otherMethodsOnPushPathsAre405WithAllow() throws Exception {
    for (String method : new String[] {"GET", "PATCH", "HEAD"}) {
      HttpResponse<String> r = http.send(method, "/metrics/job/a", null);
      assertEquals(405, r.statusCode(), method);
      assertEquals("DELETE, OPTIONS, POST, PUT", Http.header(r, "Allow"));
      assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
      assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
      assertEquals(method.equals("HEAD") ? "" : "Method Not Allowed\n", r.body());
    }
  }

  @Test
  void optionsOnPushPathIs200WithAllowAndNoBody() throws Exception {
    HttpResponse<String> r = http.send("OPTIONS", "/metrics/job/a/b/c", null);
    assertEquals(200, r.statusCode());
    assertEquals("DELETE, OPTIONS, POST, PUT", Http.header(r, "Allow"));
    assertEquals("", r.body());
    assertNull(Http.header(r, "Content-Type"));
  }

  @Test
  void uncleanPathsRedirectWith301ToTheCleanedPathForEveryMethod() throws Exception {
    HttpResponse<String> put = http.send("PUT", "/metrics//job/a", "x 1\n");
    assertEquals(301, put.statusCode());
    assertEquals("/metrics/job/a", Http.header(put, "Location"));
    assertEquals("", put.body());
    assertEquals("/metrics/job/a/b", Http.header(http.send("PUT", "/metrics/job/a/./b", ""), "Location"));
    assertEquals("/metrics/job/b", Http.header(http.send("PUT", "/metrics/job/a/../b", ""), "Location"));
    assertEquals("/metrics/job/a/b/c", Http.header(http.send("PUT", "/metrics/job/a%2F%2Fb/c", ""), "Location"));
    assertEquals("/metrics/job/a/b/", Http.header(http.send("PUT", "/metrics/job/a/b/./", ""), "Location"));
    assertEquals("/", Http.header(http.send("PUT", "/a/..", ""), "Location"));

    HttpResponse<String> get = http.get("/metrics//job/a");
    assertEquals(301, get.statusCode());
    assertEquals("text/html; charset=utf-8", Http.header(get, "Content-Type"));
    assertEquals("<a href=\"/metrics/job/a\">Moved Permanently</a>.\n\n", get.body());
  }

  @Test
  void redirectsKeepTheQueryAndEscapeThePath() throws Exception {
    assertEquals("/metrics/job/a%20b?x=1", Http.header(http.send("PUT", "/metrics//job/a%20b?x=1", ""), "Location"));
  }

  @Test
  void pushBaseWithTrailingSlashRedirects307ForPushMethodsOnly() throws Exception {
    HttpResponse<String> put = http.send("PUT", "/metrics/job/", "");
    assertEquals(307, put.statusCode());
    assertEquals("/metrics/job", Http.header(put, "Location"));
    assertEquals("", put.body());
    assertEquals(404, http.get("/metrics/job/").statusCode());
    assertEquals(404, http.send("PUT", "/metrics/job@base64/", "").statusCode());
    assertEquals(404, http.send("PUT", "/metrics/job", "").statusCode());
  }

  @Test
  void trailingSlashAndLetterCaseAreFixedForRoutesOfTheRequestMethod() throws Exception {
    assertRedirect(http.get("/metrics/"), 301, "/metrics");
    assertRedirect(http.get("/-/healthy/"), 301, "/-/healthy");
    assertRedirect(http.get("/status/"), 301, "/status");
    assertRedirect(http.get("/api/v1/status/"), 301, "/api/v1/status");
    assertRedirect(http.get("/METRICS"), 301, "/metrics");
    assertRedirect(http.send("PUT", "/Metrics/job/a", ""), 307, "/metrics/job/a");
    assertEquals(404, http.send("PUT", "/metrics/", "").statusCode());
    assertEquals(404, http.send("PUT", "/METRICS", "").statusCode());
    assertEquals(404, http.get("/Metrics/job/a").statusCode());
  }

  @Test
  void unknownPathsAre404InGoStyle() throws Exception {
    for (String path : new String[] {"/metrics/x", "/nope", "/static/x", "/api/v1/foo"}) {
      HttpResponse<String> r = http.get(path);
      assertEquals(404, r.statusCode(), path);
      assertEquals("404 page not found\n", r.body());
      assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
      assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
    }
  }

  @Test
  void knownPathsAnswer405WithTheirMethodsAndOptions200() throws Exception {
    HttpResponse<String> post = http.send("POST", "/metrics", "");
    assertEquals(405, post.statusCode());
    assertEquals("GET, OPTIONS", Http.header(post, "Allow"));
    assertEquals(405, http.send("HEAD", "/-/healthy", null).statusCode());
    HttpResponse<String> options = http.send("OPTIONS", "/metrics", null);
    assertEquals(200, options.statusCode());
    assertEquals("GET, OPTIONS", Http.header(options, "Allow"));
    assertEquals("GET, OPTIONS, POST, PUT", Http.header(http.send("DELETE", "/-/quit", null), "Allow"));
  }

  @Test
  void optionsBelowTheApiIsThePreflightForAnyPath() throws Exception {
    assertEquals("preflight", http.send("OPTIONS", "/api/v1/foo", null).body());
    assertEquals("preflight", http.send("OPTIONS", "/api/v1/status", null).body());
  }

  @Test
  void exactRoutesWin() throws Exception {
    assertEquals("scrape", http.get("/metrics").body());
    assertEquals("root", http.get("/").body());
    assertEquals("quit-get", http.get("/-/quit").body());
  }

  @Test
  void badPercentEncodingIs400() throws Exception {
    String response = rawRequest("GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(true, response.startsWith("HTTP/1.1 400 "), response);
  }

  private static void assertRedirect(HttpResponse<String> r, int code, String location) {
    assertEquals(code, r.statusCode(), r.uri().toString());
    assertEquals(location, Http.header(r, "Location"));
  }

  /** Sends the request as UTF-8 bytes, exactly as written, and reads the whole answer. */
  private static String rawRequest(String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
