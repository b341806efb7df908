package io.pushbridge.gateway;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/** Builds the server's TLS context and listener options from a web config's TLS part. */
final class TlsSetup {
  private TlsSetup() {}

  private static final char[] IN_MEMORY_PASSWORD = "pushbridge".toCharArray();
  private static final List<String> ORDERED_VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  static SSLContext sslContext(WebConfig.Tls tls) throws IOException, GeneralSecurityException {
    String certPem = tls.certPem() != null ? tls.certPem() : PemFiles.read(tls.certFile());
    String keyPem = tls.keyPem() != null ? tls.keyPem() : PemFiles.read(tls.keyFile());
    List<X509Certificate> chain = PemFiles.certificates(certPem);
    PrivateKey key = PemFiles.privateKey(keyPem);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, IN_MEMORY_PASSWORD);

    TrustManager[] trust = null;
    if (tls.clientAuth().verifies()) {
      KeyStore cas = KeyStore.getInstance("PKCS12");
      cas.load(null, null);
      int i = 0;
      for (X509Certificate ca : PemFiles.certificates(PemFiles.read(tls.clientCaFile()))) {
        cas.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(cas);
      trust = tmf.getTrustManagers();
    } else if (tls.clientAuth() != WebConfig.ClientAuth.NO_CLIENT_CERT) {
      trust = new TrustManager[] {new AnyClientCertificate()};
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), trust, new SecureRandom());
    return ctx;
  }

  /** Protocol range and client-certificate mode for the HTTPS listener. */
  static OptionMap listenerOptions(WebConfig.Tls tls) {
    int from = ORDERED_VERSIONS.indexOf(tls.minVersion());
    int to = ORDERED_VERSIONS.indexOf(tls.maxVersion());
    if (from > to) {
      throw new IllegalArgumentException("min_version is above max_version");
    }
    List<String> protocols = new ArrayList<>(ORDERED_VERSIONS.subList(from, to + 1));
    SslClientAuthMode mode = switch (tls.clientAuth()) {
      case NO_CLIENT_CERT -> SslClientAuthMode.NOT_REQUESTED;
      case REQUEST_CLIENT_CERT, VERIFY_CLIENT_CERT_IF_GIVEN -> SslClientAuthMode.REQUESTED;
      case REQUIRE_ANY_CLIENT_CERT, REQUIRE_AND_VERIFY_CLIENT_CERT -> SslClientAuthMode.REQUIRED;
    };
    return OptionMap.builder()
        .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(protocols))
        .set(Options.SSL_CLIENT_AUTH_MODE, mode)
        .getMap();
  }

  /** Go's {@code RequestClientCert}/{@code RequireAnyClientCert}: a certificate is asked for, not verified. */
  private static final class AnyClientCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("server certificates are not checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
