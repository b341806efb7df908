package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's files over real HTTP: paths, content types, caching, links under a prefix (issue 7). */
class WebUiRoutesTest {
  private static final Pattern SCRIPT = Pattern.compile("<script src=\"(static/ui\\.js\\?v=([0-9a-f]{16}))\"");

  @Test
  void pageIsServedAtRootAndStatusAndRevalidatedOnEveryUse() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null)) {
      for (String path : new String[] {"/", "/status"}) {
        HttpResponse<String> r = gw.http.get(path);
        assertEquals(200, r.statusCode(), path);
        assertEquals("text/html; charset=utf-8", Http.header(r, "Content-Type"));
        assertEquals("no-cache", Http.header(r, "Cache-Control"));
        assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
        assertTrue(Http.header(r, "Content-Security-Policy").startsWith("default-src 'self'"));
        assertTrue(SCRIPT.matcher(r.body()).find(), r.body());
        assertFalse(r.body().contains("<base"), "no external URL, so links stay relative");
        assertFalse(r.body().contains("{{"), "every placeholder is filled");
      }
    }
  }

  @Test
  void assetsHaveTheirContentTypesAndAreImmutableUnderTheirHash() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null)) {
      Matcher m = SCRIPT.matcher(gw.http.get("/").body());
      assertTrue(m.find());
      HttpResponse<String> js = gw.http.get("/" + m.group(1));
      assertEquals(200, js.statusCode());
      assertEquals("text/javascript; charset=utf-8", Http.header(js, "Content-Type"));
      assertEquals("public, max-age=31536000, immutable", Http.header(js, "Cache-Control"));
      assertEquals("\"" + m.group(2) + "\"", Http.header(js, "ETag"));
      assertTrue(js.body().contains("api/v1/metrics"));

      HttpResponse<String> unversioned = gw.http.get("/static/ui.js");
      assertEquals("no-cache", Http.header(unversioned, "Cache-Control"), "a stale link must not pin an old script");
      HttpResponse<String> css = gw.http.get("/static/ui.css");
      assertEquals("text/css; charset=utf-8", Http.header(css, "Content-Type"));
      assertEquals("image/svg+xml", Http.header(gw.http.get("/static/favicon.svg"), "Content-Type"));
      assertEquals(404, gw.http.get("/static/missing.js").statusCode());
    }
  }

  @Test
  void matchingEtagAnswersNotModified() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null)) {
      HttpResponse<String> first = gw.http.get("/static/ui.css");
      String etag = Http.header(first, "ETag");
      assertNotNull(etag);
      HttpResponse<String> again = gw.http.get("/static/ui.css", "If-None-Match", "\"other\", " + etag);
      assertEquals(304, again.statusCode());
      assertEquals("", again.body());
      assertEquals(etag, Http.header(again, "ETag"));
      assertEquals(200, gw.http.get("/static/ui.css", "If-None-Match", "\"other\"").statusCode());
    }
  }

  @Test
  void pageAndAssetsMoveUnderTheRoutePrefix() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null, "--web.route-prefix=/pfx")) {
      HttpResponse<String> page = gw.http.get("/pfx/");
      assertEquals(200, page.statusCode());
      assertFalse(page.body().contains("<base"));
      assertEquals(200, gw.http.get("/pfx/status").statusCode());
      assertEquals(200, gw.http.get("/pfx/static/ui.js").statusCode());
      assertEquals(404, gw.http.get("/static/ui.js").statusCode());
    }
  }

  @Test
  void externalUrlPathBecomesThePagesBase() throws Exception {
    try (RunningGateway gw = RunningGateway.start(null, "--web.external-url=http://gw.example/ext/")) {
      HttpResponse<String> page = gw.http.get("/ext/");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<base href=\"/ext/\">"), page.body());
    }
    try (RunningGateway gw = RunningGateway.start(null,
        "--web.external-url=http://proxy.example/pushbridge", "--web.route-prefix=/")) {
      HttpResponse<String> page = gw.http.get("/");
      assertTrue(page.body().contains("<base href=\"/pushbridge/\">"), "links go through the proxy's path");
    }
  }

  @Test
  void webConfigContentSecurityPolicyWins(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("web.yml");
    Files.writeString(config, "http_server_config:\n  headers:\n    Content-Security-Policy: \"default-src 'none'\"\n");
    try (RunningGateway gw = RunningGateway.start(null, "--web.config.file=" + config)) {
      assertEquals("default-src 'none'", Http.header(gw.http.get("/"), "Content-Security-Policy"));
    }
  }
}
