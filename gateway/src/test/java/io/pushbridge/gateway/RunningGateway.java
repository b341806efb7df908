package io.pushbridge.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway started in this JVM exactly as {@code main} starts it, from flags, on a random loopback
 * port; the store in the given directory (or in memory).
 */
final class RunningGateway implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Gateway gateway;
  final int port;
  final String base;
  final Http http;

  private RunningGateway(Gateway gateway, String scheme) {
    this.gateway = gateway;
    this.port = gateway.addresses().get(0).getPort();
    this.base = scheme + "://127.0.0.1:" + port;
    this.http = new Http(base);
  }

  /** Starts with {@code --web.listen-address=127.0.0.1:0}, the store in {@code dir} (null: memory), and {@code flags}. */
  static RunningGateway start(Path dir, String... flags) throws Exception {
    return start(dir, Clock.systemUTC(), flags);
  }

  /** As {@link #start(Path, String...)}, push times and expiry on {@code clock}. */
  static RunningGateway start(Path dir, Clock clock, String... flags) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("--web.listen-address=127.0.0.1:0");
    args.add("--persistence.file=" + (dir == null ? "" : dir.toString()));
    args.addAll(List.of(flags));
    GatewayConfig config = Flags.toConfig(Flags.PARSER.parse(args.toArray(new String[0])));
    return new RunningGateway(Gateway.start(config, BuildInfo.current(), clock), "http");
  }

  /** {@code /api/v1/metrics} data, parsed. */
  JsonNode groups() throws IOException, InterruptedException {
    return groups("");
  }

  JsonNode groups(String prefix) throws IOException, InterruptedException {
    HttpResponse<String> r = http.get(prefix + "/api/v1/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("/api/v1/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body()).get("data");
  }

  /** The group whose grouping labels are exactly {@code labels} (name, value, ...), or null. */
  JsonNode group(String... labels) throws IOException, InterruptedException {
    for (JsonNode g : groups()) {
      JsonNode l = g.get("labels");
      if (l.size() * 2 != labels.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < labels.length; i += 2) {
        match &= l.has(labels[i]) && l.get(labels[i]).asText().equals(labels[i + 1]);
      }
      if (match) {
        return g;
      }
    }
    return null;
  }

  /** The scrape in text format. */
  String scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = http.get("/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }

  @Override
  public void close() {
    gateway.close();
  }
}
