package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("web.yml");
    Files.writeString(f, yaml);
    return f;
  }

  private String failure(String yaml) throws Exception {
    Path f = write(yaml);
    return assertThrows(WebConfig.WebConfigException.class, () -> WebConfig.load(f)).getMessage();
  }

  @Test
  void readsUpstreamsExampleShape() throws Exception {
    String hash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";
    WebConfig c = WebConfig.load(write("""
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          min_version: TLS13
        http_server_config:
          headers:
            X-Frame-Options: deny
        basic_auth_users:
          alice: %s
        """.formatted(hash)));
    assertEquals(dir.resolve("server.crt"), c.tls().certFile());
    assertEquals(dir.resolve("server.key"), c.tls().keyFile());
    assertEquals("TLSv1.3", c.tls().minVersion());
    assertEquals(WebConfig.ClientAuth.NO_CLIENT_CERT, c.tls().clientAuth());
    assertEquals(Map.of("X-Frame-Options", "deny"), c.headers());
    assertEquals(Map.of("alice", hash), c.users());
  }

  @Test
  void emptyFileMeansPlainHttpWithoutAuth() throws Exception {
    WebConfig c = WebConfig.load(write(""));
    assertNull(c.tls());
    assertTrue(c.users().isEmpty());
  }

  @Test
  void problemsFailNamingFileLineAndField() throws Exception {
    Path f = dir.resolve("web.yml");
    assertEquals("web config " + f + ": line 3: field foo not found",
        failure("basic_auth_users:\n  alice: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\nfoo: 1\n"));
    assertEquals("web config " + f + ": missing key_file", failure("tls_server_config:\n  cert_file: a.pem\n"));
    assertEquals("web config " + f + ": missing cert_file", failure("tls_server_config:\n  key_file: a.pem\n"));
    assertEquals("web config " + f + ": line 2: password of user bob is not a bcrypt hash",
        failure("basic_auth_users:\n  bob: secret\n"));
    assertEquals("web config " + f + ": line 3: cipher_suites is not supported by Pushbridge",
        failure("tls_server_config:\n  cert_file: a\n  cipher_suites: [x]\n  key_file: b\n"));
    assertEquals("web config " + f + ": Invalid ClientAuth: Sometimes",
        failure("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n"));
    assertEquals("web config " + f + ": Client CA's have been configured without a Client Auth Policy",
        failure("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca\n"));
    assertEquals("web config " + f + ": line 3: HTTP header Server can not be customized",
        failure("http_server_config:\n  headers:\n    Server: x\n"));
    Path missing = dir.resolve("missing.yml");
    assertEquals("web config " + missing + ": no such file",
        assertThrows(WebConfig.WebConfigException.class, () -> WebConfig.load(missing)).getMessage());
  }

  @Test
  void readsPkcs8AndPkcs1RsaKeysAndPkcs8EcKeys() throws Exception {
    TestCertificates rsa = TestCertificates.create(dir, "RSA");
    PrivateKey fromPkcs8 = PemFiles.privateKey(Files.readString(rsa.keyFile));
    assertTrue(Arrays.equals(rsa.key.getEncoded(), fromPkcs8.getEncoded()));
    byte[] pkcs1 = innerOctetString(rsa.key.getEncoded());
    PrivateKey fromPkcs1 = PemFiles.privateKey(TestCertificates.pem("RSA PRIVATE KEY", pkcs1));
    assertTrue(Arrays.equals(rsa.key.getEncoded(), fromPkcs1.getEncoded()));
    TestCertificates ec = TestCertificates.create(dir, "EC");
    assertEquals("EC", PemFiles.privateKey(Files.readString(ec.keyFile)).getAlgorithm());
    assertNotNull(PemFiles.certificates(Files.readString(ec.certFile)).get(0));
  }

  /** The key inside a PKCS#8 structure: its last element, an OCTET STRING. */
  private static byte[] innerOctetString(byte[] pkcs8) {
    for (int start = 0; start < pkcs8.length - 4; start++) {
      if (pkcs8[start] == 0x04 && (pkcs8[start + 1] & 0xFF) == 0x82) {
        int len = ((pkcs8[start + 2] & 0xFF) << 8) | (pkcs8[start + 3] & 0xFF);
        if (start + 4 + len == pkcs8.length) {
          return Arrays.copyOfRange(pkcs8, start + 4, pkcs8.length);
        }
      }
    }
    throw new AssertionError("no trailing OCTET STRING in " + pkcs8.length + " bytes");
  }
}
