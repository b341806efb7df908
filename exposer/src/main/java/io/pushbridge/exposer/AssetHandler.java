package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Deque;

/**
 * Serves one {@link StaticAsset} with a strong ETag (304 when {@code If-None-Match} names it). A
 * request carrying the asset's current hash as {@code ?v=} may be cached for a year, since the page
 * links each asset by its hash and a new version gets a new link; anything else is revalidated on
 * every use, so an upgrade is seen at once.
 */
final class AssetHandler implements HttpHandler {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String REVALIDATE = "no-cache";

  private static final HttpString CONTENT_SECURITY_POLICY = HttpString.tryFromString("Content-Security-Policy");
  private static final HttpString NOSNIFF = HttpString.tryFromString("X-Content-Type-Options");

  /**
   * Only the gateway's own files, no inline code: a label value that got past the escaping could
   * still not run. The web config's own header, when set, wins.
   */
  private static final String POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'";

  private final StaticAsset asset;

  AssetHandler(StaticAsset asset) {
    this.asset = asset;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    HeaderMap out = exchange.getResponseHeaders();
    Deque<String> version = exchange.getQueryParameters().get("v");
    boolean current = version != null && asset.hash().equals(version.peekFirst());
    out.put(Headers.CACHE_CONTROL, current ? IMMUTABLE : REVALIDATE);
    out.put(Headers.ETAG, asset.etag());
    if (!out.contains(NOSNIFF)) {
      out.put(NOSNIFF, "nosniff");
    }
    if (!out.contains(CONTENT_SECURITY_POLICY)) {
      out.put(CONTENT_SECURITY_POLICY, POLICY);
    }
    if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH))) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    out.put(Headers.CONTENT_TYPE, asset.contentType());
    out.put(Headers.CONTENT_LENGTH, asset.body().length);
    exchange.getResponseSender().send(ByteBuffer.wrap(asset.body()));
  }

  private boolean matches(HeaderValues ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String header : ifNoneMatch) {
      for (String tag : header.split(",", -1)) {
        String t = tag.strip();
        if (t.equals("*") || t.equals(asset.etag()) || t.equals("W/" + asset.etag())) {
          return true;
        }
      }
    }
    return false;
  }
}
