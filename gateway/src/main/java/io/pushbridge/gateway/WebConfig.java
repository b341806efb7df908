package io.pushbridge.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The exporter-toolkit web configuration file ({@code --web.config.file}) that upstream reads:
 * {@code tls_server_config}, {@code http_server_config} and {@code basic_auth_users}. Read once at
 * start-up (upstream re-reads it per request); any problem fails the start with a message naming
 * the file, the line and the field. Keys that exist upstream but are not implemented here are
 * refused rather than silently ignored.
 *
 * @param tls null when the file configures no certificate (plain HTTP)
 * @param headers extra response headers from {@code http_server_config.headers}
 * @param http2 {@code http_server_config.http2}, default true (only affects TLS listeners)
 * @param users user name to bcrypt hash; empty means no authentication
 */
record WebConfig(Tls tls, Map<String, String> headers, boolean http2, Map<String, String> users) {

  /** The TLS part; paths are resolved against the config file's directory. */
  record Tls(
      Path certFile,
      String certPem,
      Path keyFile,
      String keyPem,
      ClientAuth clientAuth,
      Path clientCaFile,
      String minVersion,
      String maxVersion) {}

  /** Go's {@code tls.ClientAuthType} names as the toolkit accepts them. */
  enum ClientAuth {
    NO_CLIENT_CERT("NoClientCert"),
    REQUEST_CLIENT_CERT("RequestClientCert"),
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert"),
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

    final String yamlName;

    ClientAuth(String yamlName) {
      this.yamlName = yamlName;
    }

    boolean verifies() {
      return this == VERIFY_CLIENT_CERT_IF_GIVEN || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }

    boolean requires() {
      return this == REQUIRE_ANY_CLIENT_CERT || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }
  }

  static final WebConfig NONE = new WebConfig(null, Map.of(), true, Map.of());

  private static final Map<String, String> TLS_VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final Set<String> ALLOWED_HEADERS = Set.of(
      "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
      "X-XSS-Protection", "Content-Security-Policy");
  private static final Set<String> TLS_KEYS = Set.of(
      "cert_file", "cert", "key_file", "key", "client_ca_file", "client_auth_type", "min_version",
      "max_version");
  private static final Set<String> UNSUPPORTED = Set.of(
      "cipher_suites", "curve_preferences", "prefer_server_cipher_suites", "client_allowed_sans",
      "rate_limit");

  WebConfig {
    headers = Map.copyOf(headers);
    users = Map.copyOf(users);
  }

  /** Thrown for any problem with the file; the message names the file. */
  static final class WebConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    WebConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static WebConfig load(Path file) throws WebConfigException {
    try {
      return parse(file);
    } catch (NoSuchFileException e) {
      throw new WebConfigException("web config " + file + ": no such file", e);
    } catch (IOException | YAMLException | IllegalArgumentException e) {
      throw new WebConfigException("web config " + file + ": " + e.getMessage(), e);
    }
  }

  private static WebConfig parse(Path file) throws IOException {
    Node root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
    }
    if (root == null) {
      return NONE;
    }
    Path dir = file.toAbsolutePath().getParent();
    Tls tls = null;
    Map<String, String> headers = Map.of();
    boolean http2 = true;
    Map<String, String> users = Map.of();
    for (Map.Entry<String, Node> e : fields(root, "web config").entrySet()) {
      switch (e.getKey()) {
        case "tls_server_config" -> tls = tls(e.getValue(), dir);
        case "http_server_config" -> {
          for (Map.Entry<String, Node> h : fields(e.getValue(), "http_server_config").entrySet()) {
            switch (h.getKey()) {
              case "http2" -> http2 = bool(h.getValue(), "http2");
              case "headers" -> headers = headers(h.getValue());
              default -> throw unknown(h.getValue(), h.getKey());
            }
          }
        }
        case "basic_auth_users" -> users = users(e.getValue());
        default -> throw unknownOrUnsupported(e.getValue(), e.getKey());
      }
    }
    return new WebConfig(tls, headers, http2, users);
  }

  private static Tls tls(Node node, Path dir) {
    Path certFile = null;
    String cert = null;
    Path keyFile = null;
    String key = null;
    ClientAuth clientAuth = ClientAuth.NO_CLIENT_CERT;
    Path clientCa = null;
    String min = "TLSv1.2";
    String max = "TLSv1.3";
    for (Map.Entry<String, Node> e : fields(node, "tls_server_config").entrySet()) {
      if (!TLS_KEYS.contains(e.getKey())) {
        throw unknownOrUnsupported(e.getValue(), e.getKey());
      }
      String v = scalar(e.getValue(), e.getKey());
      switch (e.getKey()) {
        case "cert_file" -> certFile = v.isEmpty() ? null : dir.resolve(v);
        case "cert" -> cert = v.isEmpty() ? null : v;
        case "key_file" -> keyFile = v.isEmpty() ? null : dir.resolve(v);
        case "key" -> key = v.isEmpty() ? null : v;
        case "client_ca_file" -> clientCa = v.isEmpty() ? null : dir.resolve(v);
        case "client_auth_type" -> clientAuth = clientAuth(v);
        case "min_version" -> min = tlsVersion(v);
        case "max_version" -> max = tlsVersion(v);
        default -> throw unknownOrUnsupported(e.getValue(), e.getKey());
      }
    }
    if (certFile == null && cert == null && keyFile == null && key == null) {
      if (clientCa != null || clientAuth != ClientAuth.NO_CLIENT_CERT) {
        throw new IllegalArgumentException("client certificate settings need cert_file and key_file");
      }
      return null;
    }
    if (certFile == null && cert == null) {
      throw new IllegalArgumentException("missing cert_file");
    }
    if (keyFile == null && key == null) {
      throw new IllegalArgumentException("missing key_file");
    }
    if (clientCa != null && clientAuth == ClientAuth.NO_CLIENT_CERT) {
      throw new IllegalArgumentException("Client CA's have been configured without a Client Auth Policy");
    }
    if (clientAuth.verifies() && clientCa == null) {
      throw new IllegalArgumentException("client_auth_type " + clientAuth.yamlName + " needs client_ca_file");
    }
    return new Tls(certFile, cert, keyFile, key, clientAuth, clientCa, min, max);
  }

  private static ClientAuth clientAuth(String v) {
    if (v.isEmpty()) {
      return ClientAuth.NO_CLIENT_CERT;
    }
    for (ClientAuth a : ClientAuth.values()) {
      if (a.yamlName.equals(v)) {
        return a;
      }
    }
    throw new IllegalArgumentException("Invalid ClientAuth: " + v);
  }

  private static String tlsVersion(String v) {
    String java = TLS_VERSIONS.get(v);
    if (java == null) {
      throw new IllegalArgumentException("unknown TLS version: " + v);
    }
    return java;
  }

  private static Map<String, String> headers(Node node) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : fields(node, "headers").entrySet()) {
      String name = ALLOWED_HEADERS.stream().filter(h -> h.equalsIgnoreCase(e.getKey())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "line " + line(e.getValue()) + ": HTTP header " + e.getKey() + " can not be customized"));
      result.put(name, scalar(e.getValue(), e.getKey()));
    }
    return result;
  }

  private static Map<String, String> users(Node node) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : fields(node, "basic_auth_users").entrySet()) {
      String hash = scalar(e.getValue(), e.getKey());
      if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        throw new IllegalArgumentException(
            "line " + line(e.getValue()) + ": password of user " + e.getKey() + " is not a bcrypt hash");
      }
      result.put(e.getKey(), hash);
    }
    return result;
  }

  private static Map<String, Node> fields(Node node, String what) {
    if (node instanceof ScalarNode s && s.getValue().isEmpty()) {
      return Map.of();
    }
    if (!(node instanceof MappingNode m)) {
      throw new IllegalArgumentException("line " + line(node) + ": " + what + " must be a mapping");
    }
    Map<String, Node> result = new LinkedHashMap<>();
    List<NodeTuple> tuples = m.getValue();
    for (NodeTuple t : tuples) {
      String key = scalar(t.getKeyNode(), "key");
      if (result.put(key, t.getValueNode()) != null) {
        throw new IllegalArgumentException("line " + line(t.getKeyNode()) + ": field " + key + " given twice");
      }
    }
    return result;
  }

  private static String scalar(Node node, String field) {
    if (!(node instanceof ScalarNode s)) {
      throw new IllegalArgumentException("line " + line(node) + ": " + field + " must be a single value");
    }
    return s.getValue();
  }

  private static boolean bool(Node node, String field) {
    String v = scalar(node, field);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "line " + line(node) + ": " + field + " must be true or false, not " + v);
    };
  }

  private static IllegalArgumentException unknownOrUnsupported(Node node, String key) {
    if (UNSUPPORTED.contains(key)) {
      return new IllegalArgumentException(
          "line " + line(node) + ": " + key + " is not supported by Pushbridge");
    }
    return unknown(node, key);
  }

  private static IllegalArgumentException unknown(Node node, String key) {
    return new IllegalArgumentException("line " + line(node) + ": field " + key + " not found");
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
