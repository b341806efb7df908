package io.pushbridge.exposer;

import io.pushbridge.model.GroupSelector;
import io.pushbridge.model.GroupSelectorParser;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InvalidSelectorException;
import io.pushbridge.store.GroupStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * {@code DELETE /api/v1/admin/groups?match[]=<selector>} (beyond upstream, only routed with {@code
 * --web.enable-admin-api}): deletes every group whose grouping labels match any of the selectors,
 * in one durable store batch, and answers {@code {"status":"success","data":{"deleted":N}}}. A
 * missing or unparsable selector is a 400 in the API's error envelope ({@code bad_data}).
 */
public final class DeleteGroupsHandler implements HttpHandler {
  static final String PARAMETER = "match[]";

  private final GroupStore store;

  public DeleteGroupsHandler(GroupStore store) {
    this.store = store;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws InterruptedException {
    List<GroupSelector> selectors = new ArrayList<>();
    try {
      for (String match : parameters(exchange.getQueryString(), PARAMETER)) {
        try {
          selectors.add(GroupSelectorParser.parse(match));
        } catch (InvalidSelectorException e) {
          throw new InvalidSelectorException("invalid parameter \"" + PARAMETER + "\": " + e.getMessage(), e);
        }
      }
    } catch (IllegalArgumentException e) {
      ApiResponses.error(exchange, StatusCodes.BAD_REQUEST, "bad_data", e.getMessage());
      return;
    }
    if (selectors.isEmpty()) {
      ApiResponses.error(exchange, StatusCodes.BAD_REQUEST, "bad_data", "no " + PARAMETER + " parameter provided");
      return;
    }
    Predicate<GroupingKey> any = key -> selectors.stream().anyMatch(s -> s.matches(key));
    int deleted;
    try {
      deleted = store.deleteGroups(any).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(e.getCause());
    }
    ApiResponses.success(exchange, "{\"deleted\":" + deleted + "}");
  }

  /**
   * Every value of {@code name} in a raw query string, percent- and plus-decoded as Go's {@code
   * url.ParseQuery} does (the server leaves URLs undecoded).
   *
   * @throws IllegalArgumentException for a malformed escape
   */
  static List<String> parameters(String rawQuery, String name) {
    List<String> values = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      String pair = rawQuery.substring(start, end);
      start = end + 1;
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          values.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid query string: " + e.getMessage(), e);
      }
    }
    return values;
  }
}
