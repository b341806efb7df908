package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web config with a certificate and bcrypt users, on a real HTTPS listener. */
class TlsAndBasicAuthTest {
  @TempDir static Path dir;
  private static HttpServer server;
  private static Http https;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    TestCertificates certs = TestCertificates.create(dir, "RSA");
    String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
    String carolHash = BCrypt.withDefaults().hashToString(4, "carols".toCharArray());
    Path config = dir.resolve("web.yml");
    Files.writeString(config, """
        tls_server_config:
          cert_file: %s
          key_file: %s
        http_server_config:
          headers:
            X-Frame-Options: deny
        basic_auth_users:
          alice: %s
          carol: %s
        """.formatted(certs.certFile.getFileName(), certs.keyFile.getFileName(), hash, carolHash));
    Router router = Router.builder()
        .route(Methods.GET, "/-/healthy", ex -> GoHttp.send(ex, "OK"))
        .route(Methods.PUT, "/non-blocking", ex -> GoHttp.send(ex, ex.isInIoThread() ? "io thread" : "worker"))
        .build();
    server = HttpServer.start(List.of(new ListenAddress("127.0.0.1", 0)), WebConfig.load(config), router,
        HttpServer.Workers.defaults(), ex -> ex.getRequestPath().equals("/non-blocking"));
    port = server.boundAddresses().get(0).getPort();
    https = new Http("https://127.0.0.1:" + port,
        HttpClient.newBuilder().sslContext(certs.clientContext()).connectTimeout(Duration.ofSeconds(10)).build());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop(Duration.ofSeconds(5));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rightPasswordOverTlsIsServed() throws Exception {
    HttpResponse<String> r = https.get("/-/healthy", "Authorization", basic("alice", "s3cret"));
    assertEquals(200, r.statusCode());
    assertEquals("OK", r.body());
    assertEquals("deny", Http.header(r, "X-Frame-Options"));
    assertEquals(200, https.get("/-/healthy", "Authorization", basic("alice", "s3cret")).statusCode());
  }

  @Test
  void nonBlockingRequestsLeaveTheIoThreadOnlyForBcrypt() throws Exception {
    String carol = basic("carol", "carols");
    assertEquals("worker", https.send("PUT", "/non-blocking", "", "Authorization", carol).body());
    assertEquals("io thread", https.send("PUT", "/non-blocking", "", "Authorization", carol).body());
    HttpResponse<String> wrong = https.send("PUT", "/non-blocking", "", "Authorization", basic("carol", "nope"));
    assertEquals(401, wrong.statusCode());
    assertEquals(401, https.send("PUT", "/non-blocking", "").statusCode());
  }

  @Test
  void wrongPasswordUnknownUserAndNoCredentialsAre401() throws Exception {
    for (String auth : new String[] {basic("alice", "wrong"), basic("bob", "s3cret"), "Bearer x", null}) {
      HttpResponse<String> r = auth == null ? https.get("/-/healthy") : https.get("/-/healthy", "Authorization", auth);
      assertEquals(401, r.statusCode(), auth);
      assertEquals("Unauthorized\n", r.body());
      assertEquals("Basic", Http.header(r, "WWW-Authenticate"));
      assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
      assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
    }
  }

  @Test
  void authenticationGuardsUnknownPathsToo() throws Exception {
    assertEquals(401, https.get("/nope").statusCode());
    assertEquals(404, https.get("/nope", "Authorization", basic("alice", "s3cret")).statusCode());
  }

  @Test
  void plainHttpToTheTlsPortFails() throws Exception {
    Http plain = new Http("http://127.0.0.1:" + port);
    int status;
    try {
      status = plain.get("/-/healthy", "Authorization", basic("alice", "s3cret")).statusCode();
    } catch (IOException e) {
      status = -1;
    }
    assertNotEquals(200, status);
  }
}
