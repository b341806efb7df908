package io.pushbridge.gateway;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * HTTP basic authentication against the web config's bcrypt hashes, on every endpoint, as
 * exporter-toolkit does it: 401 {@code Unauthorized} with {@code WWW-Authenticate: Basic}; an
 * unknown user is checked against a dummy hash so that response times do not reveal user names;
 * successful checks are remembered (bcrypt is deliberately slow) in a small LRU, and a check that
 * needs bcrypt never runs on an IO thread.
 */
final class BasicAuthHandler implements HttpHandler {

  private static final int CACHE_SIZE = 100;

  private final Map<String, String> users;
  /** bcrypt (cost 10, like the toolkit's dummy) of a random password nobody knows. */
  private final char[] dummyHash;
  private final HttpHandler next;
  private final Executor workers;
  private final Map<String, Boolean> verified = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** @param workers where bcrypt checks run when a request arrives on an IO thread */
  BasicAuthHandler(Map<String, String> users, HttpHandler next, Executor workers) {
    this.users = Map.copyOf(users);
    this.next = next;
    this.workers = workers;
    byte[] secret = new byte[16];
    new java.security.SecureRandom().nextBytes(secret);
    this.dummyHash = BCrypt.withDefaults().hashToChar(10, HexFormat.of().formatHex(secret).toCharArray());
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (authenticated(exchange)) {
      next.handleRequest(exchange);
    } else if (!exchange.isDispatched()) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic");
      GoHttp.error(exchange, StatusCodes.UNAUTHORIZED, "Unauthorized");
    }
  }

  /**
   * Whether the request's credentials are good. A bcrypt check does not run on an IO thread: the
   * exchange is dispatched to run this handler again on a worker, and false is returned.
   */
  private boolean authenticated(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String hash = users.get(user);
    String cacheKey = hash == null ? null : digest(user + '\0' + hash + '\0' + password);
    if (cacheKey != null) {
      synchronized (verified) {
        if (verified.get(cacheKey) != null) {
          return true;
        }
      }
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(workers, this);
      return false;
    }
    if (hash == null) {
      BCrypt.verifyer().verify(password.toCharArray(), dummyHash);
      return false;
    }
    boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified;
    if (ok) {
      synchronized (verified) {
        verified.put(cacheKey, Boolean.TRUE);
      }
    }
    return ok;
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
