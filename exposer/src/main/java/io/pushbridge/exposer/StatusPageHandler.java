package io.pushbridge.exposer;

import io.pushbridge.model.Labels;
import io.pushbridge.store.GroupView;
import io.pushbridge.store.StoredFamily;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /} and {@code /status}: a server-rendered HTML page with every group (grouping labels
 * with {@code job} first, last push and failure times, each family with its type, series count,
 * last change and help), then build information and flags. Every pushed string is HTML-escaped.
 * Links are relative, so the page works under any route prefix.
 */
public final class StatusPageHandler implements HttpHandler {
  private final Supplier<List<GroupView>> groups;
  private final Map<String, String> buildInformation;
  private final Map<String, String> flags;
  private final Instant startTime;
  private final String scrapeLink;

  /** @param telemetryPath the scrape path below the route prefix, for the link to it */
  public StatusPageHandler(Supplier<List<GroupView>> groups, Map<String, String> buildInformation,
      Map<String, String> flags, Instant startTime, String telemetryPath) {
    this.groups = groups;
    this.buildInformation = new TreeMap<>(buildInformation);
    this.flags = new TreeMap<>(flags);
    this.startTime = startTime;
    this.scrapeLink = telemetryPath.startsWith("/") ? telemetryPath.substring(1) : telemetryPath;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    byte[] page = render(groups.get(), ZoneId.systemDefault()).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, page.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(page));
  }

  String render(List<GroupView> groupList, ZoneId zone) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"robots\" content=\"noindex,nofollow\">\n<title>Pushbridge</title>\n")
        .append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0}")
        .append("td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}")
        .append(".failed{color:#a00}section{margin-bottom:1.5em}</style>\n</head>\n<body>\n")
        .append("<h1>Pushbridge</h1>\n<p>").append(groupList.size()).append(groupList.size() == 1 ? " group" : " groups")
        .append(" &middot; <a href=\"").append(escape(scrapeLink)).append("\">metrics</a></p>\n");
    for (GroupView g : groupList) {
      group(sb, g, zone);
    }
    sb.append("<h2>Status</h2>\n<table>\n");
    row(sb, "Start time", GoTime.rfc3339Nano(startTime, zone));
    buildInformation.forEach((k, v) -> row(sb, k, v));
    sb.append("</table>\n<h2>Flags</h2>\n<table>\n");
    flags.forEach((k, v) -> row(sb, k, v));
    return sb.append("</table>\n</body>\n</html>\n").toString();
  }

  private static void group(StringBuilder sb, GroupView g, ZoneId zone) {
    boolean ok = g.failureTimeSeconds() <= g.pushTimeSeconds();
    sb.append("<section class=\"group\">\n<h2>");
    Labels labels = g.key().labels();
    label(sb, "job", labels.get("job"));
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).equals("job")) {
        sb.append(' ');
        label(sb, labels.name(i), labels.value(i));
      }
    }
    sb.append("</h2>\n<p>Last push: ").append(escape(time(g.pushTimeSeconds(), zone)))
        .append(" &middot; last failure: ").append(escape(time(g.failureTimeSeconds(), zone)));
    if (!ok) {
      sb.append(" &middot; <span class=\"failed\">last push failed</span>");
    }
    sb.append("</p>\n<table>\n<tr><th>Metric</th><th>Type</th><th>Series</th><th>Last change</th><th>Help</th></tr>\n");
    for (StoredFamily f : g.families()) {
      sb.append("<tr><td>").append(escape(f.family().name()))
          .append("</td><td>").append(f.family().type().keyword())
          .append("</td><td>").append(f.family().metrics().size())
          .append("</td><td>").append(escape(GoTime.rfc3339Nano(GoTime.ofEpochNanos(f.receiveTimeNanos()), zone)))
          .append("</td><td>").append(f.family().help() == null ? "" : escape(f.family().help()))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n</section>\n");
  }

  private static void label(StringBuilder sb, String name, String value) {
    sb.append(escape(name)).append("=&quot;").append(escape(value)).append("&quot;");
  }

  private static String time(double unixSeconds, ZoneId zone) {
    if (unixSeconds == 0) {
      return "never";
    }
    long nanos = Math.round(unixSeconds * 1e9);
    return GoTime.rfc3339Nano(GoTime.ofEpochNanos(nanos), zone);
  }

  private static void row(StringBuilder sb, String key, String value) {
    sb.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
