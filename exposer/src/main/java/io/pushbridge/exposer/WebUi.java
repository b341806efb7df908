package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web UI (issue 7): one page at {@code /} and {@code /status} whose script fetches {@code
 * api/v1/metrics} and {@code api/v1/status} and renders every group; its files come from the class
 * path. Every link is relative, so the UI works under any route prefix; with {@code
 * --web.external-url} the page carries a {@code <base>} of that URL's path, as upstream builds its
 * links from it (spec §2.6).
 */
public final class WebUi {
  private WebUi() {}

  /** The page's paths below the route prefix: upstream serves its status page at both. */
  private static final List<String> PAGES = List.of("/", "/status");

  /**
   * Path below the route prefix to handler, for the page and each asset.
   *
   * @param externalPath the raw path of {@code --web.external-url}, or empty when not given
   */
  public static Map<String, HttpHandler> routes(String externalPath) {
    Map<String, StaticAsset> assets = new LinkedHashMap<>();
    assets.put("static/ui.css", StaticAsset.of(StaticAsset.resource("ui.css"), "text/css; charset=utf-8"));
    assets.put("static/ui.js", StaticAsset.of(StaticAsset.resource("ui.js"), "text/javascript; charset=utf-8"));
    assets.put("static/favicon.svg", StaticAsset.of(StaticAsset.resource("favicon.svg"), "image/svg+xml"));
    StaticAsset page = StaticAsset.of(page(externalPath, assets), "text/html; charset=utf-8");

    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    AssetHandler pageHandler = new AssetHandler(page);
    for (String p : PAGES) {
      routes.put(p, pageHandler);
    }
    assets.forEach((path, asset) -> routes.put("/" + path, new AssetHandler(asset)));
    return routes;
  }

  static String page(String externalPath, Map<String, StaticAsset> assets) {
    String html = new String(StaticAsset.resource("index.html"), StandardCharsets.UTF_8);
    String base = trimSlashes(externalPath);
    html = html.replace("{{base}}", base.isEmpty() ? "" : "<base href=\"/" + Html.escape(base) + "/\">");
    for (Map.Entry<String, StaticAsset> e : assets.entrySet()) {
      html = html.replace("{{" + e.getKey() + "}}", e.getKey() + "?v=" + e.getValue().hash());
    }
    return html;
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
