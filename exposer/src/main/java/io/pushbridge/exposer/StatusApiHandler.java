package io.pushbridge.exposer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/status} (spec §8.2): build information, every flag's value, and the start
 * time, keys sorted as Go's encoder sorts map keys.
 */
public final class StatusApiHandler implements HttpHandler {
  private final String data;

  /**
   * @param buildInformation upstream's keys: branch, buildDate, buildUser, goVersion, revision,
   *     version
   */
  public StatusApiHandler(Map<String, String> buildInformation, Map<String, String> flags, Instant startTime) {
    StringBuilder sb = new StringBuilder(1024).append('{');
    GoJson.key(sb, "build_information");
    object(sb, buildInformation).append(',');
    GoJson.key(sb, "flags");
    object(sb, flags).append(',');
    GoJson.key(sb, "start_time");
    GoJson.string(sb, GoTime.rfc3339Nano(startTime, ZoneId.systemDefault()));
    this.data = sb.append('}').toString();
  }

  private static StringBuilder object(StringBuilder sb, Map<String, String> map) {
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      GoJson.key(sb, e.getKey());
      GoJson.string(sb, e.getValue());
    }
    return sb.append('}');
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ApiResponses.success(exchange, data);
  }
}
