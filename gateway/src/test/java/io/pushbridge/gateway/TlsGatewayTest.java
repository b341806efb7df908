package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole gateway behind {@code --web.config.file} with a certificate and a bcrypt user. */
class TlsGatewayTest {
  @TempDir Path dir;

  @Test
  void pushAndScrapeOverTlsWithBasicAuth() throws Exception {
    TestCertificates certs = TestCertificates.create(dir, "EC");
    Path config = dir.resolve("web-config.yml");
    Files.writeString(config, """
        tls_server_config:
          cert_file: %s
          key_file: %s
        basic_auth_users:
          pusher: %s
        """.formatted(certs.certFile, certs.keyFile, BCrypt.withDefaults().hashToString(6, "pa55".toCharArray())));
    try (RunningGateway gw = RunningGateway.start(dir.resolve("data"), "--web.config.file=" + config)) {
      SSLContext ssl = certs.clientContext();
      PrometheusRegistry registry = new PrometheusRegistry();
      Gauge.builder().name("secure_gauge").help("Pushed over TLS.").register(registry).set(5);
      PushGateway.Builder client = PushGateway.builder()
          .address("127.0.0.1:" + gw.port)
          .scheme(Scheme.HTTPS)
          .connectionFactory(url -> {
            HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
            c.setSSLSocketFactory(ssl.getSocketFactory());
            return c;
          })
          .job("tls")
          .registry(registry);
      client.basicAuth("pusher", "pa55").build().push();
      assertThrows(IOException.class, () -> client.basicAuth("pusher", "wrong").build().push());

      Http https = new Http("https://127.0.0.1:" + gw.port, HttpClient.newBuilder().sslContext(ssl).build());
      String auth = "Basic " + Base64.getEncoder().encodeToString("pusher:pa55".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> scrape = https.get("/metrics", "Authorization", auth);
      assertEquals(200, scrape.statusCode());
      assertTrue(scrape.body().contains("secure_gauge{instance=\"\",job=\"tls\"} 5\n"), scrape.body());
      HttpResponse<String> denied = https.get("/metrics");
      assertEquals(401, denied.statusCode());
      assertEquals("Basic", Http.header(denied, "WWW-Authenticate"));
      assertNotNull(RunningGateway.parse(https.get("/api/v1/metrics", "Authorization", auth).body()).get("data").get(0));
    }
  }
}
