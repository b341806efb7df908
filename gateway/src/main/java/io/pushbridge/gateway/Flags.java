package io.pushbridge.gateway;

import io.pushbridge.gateway.FlagParser.Flag;
import io.pushbridge.kafka.KafkaIngestConfig;
import io.pushbridge.model.GoDuration;
import io.pushbridge.store.StoreLimits;
import io.pushbridge.store.SyncMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The gateway's flags: upstream's names and defaults (spec §10) plus Pushbridge's own. */
final class Flags {
  private Flags() {}

  static final String PROGRAM = "pushbridge";
  static final String DESCRIPTION =
      "Pushbridge: a durable, fast Prometheus Pushgateway.";

  static final FlagParser PARSER = new FlagParser(withKafka(List.of(
      Flag.string("web.listen-address", ":9091",
          "Addresses on which to expose metrics and web interface. Repeatable for multiple addresses.")
          .repeated(),
      Flag.string("web.config.file", "",
          "Path to configuration file that can enable TLS or authentication (exporter-toolkit format)."),
      Flag.string("web.telemetry-path", "/metrics", "Path under which to expose metrics."),
      Flag.string("web.external-url", "", "The URL under which the Pushgateway is externally reachable."),
      Flag.string("web.route-prefix", "",
          "Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url."),
      Flag.bool("web.enable-lifecycle", "Enable shutdown via HTTP request."),
      Flag.bool("web.enable-admin-api", "Enable API endpoints for admin control actions."),
      Flag.bool("web.enable-openmetrics",
          "Serve OpenMetrics 1.0 on the metrics endpoint to scrapers that prefer it (Accept header)."),
      Flag.string("persistence.file", "./data",
          "Directory of the RocksDB database that holds every group. If empty, metrics are only kept in memory."),
      Flag.string("persistence.interval", "5m",
          "Accepted for compatibility and otherwise unused: every change is durable before it is acknowledged."),
      Flag.bool("push.disable-consistency-check",
          "Do not check consistency of pushed metrics against other groups. DANGEROUS."),
      Flag.string("store.sync", "always",
          "When the store syncs its write-ahead log: always (before every acknowledgement; survives power loss) or none (written, not synced; survives a process crash)."),
      Flag.string("push.max-body-bytes", "64MiB",
          "Largest push body accepted, as received and after decompression (B, KiB, MiB, GiB; KB, MB, GB mean the same). Larger pushes get 413."),
      Flag.string("push.ttl", "0",
          "Time to live of every group from its last push (such as 5m or 1h30m); then the whole group is deleted. 0 for never. A push's Pushbridge-TTL header overrides it."),
      Flag.string("limits.max-groups", "0",
          "Most groups the gateway holds; a push that would add one more gets 507. 0 for unlimited."),
      Flag.string("limits.max-series-per-group", "0",
          "Most pushed series one group may hold; a push over it gets 400. 0 for unlimited."),
      Flag.string("limits.max-series", "0",
          "Most series the gateway holds (as pushbridge_store_series counts them); a push that would add more gets 507. 0 for unlimited."),
      Flag.string("limits.max-label-value-length", "0",
          "Longest label value (UTF-8 bytes) of a pushed series or of the grouping key; a push over it gets 400. 0 for unlimited."),
      Flag.string("limits.max-labels-per-series", "0",
          "Most labels a pushed series may have, job and instance included; a push over it gets 400. 0 for unlimited."),
      Flag.string("log.level", "info",
          "Only log messages with the given severity or above. One of: [debug, info, warn, error]"),
      Flag.string("log.format", "logfmt", "Output format of log messages. One of: [logfmt, json]"))));

  private static List<Flag> withKafka(List<Flag> flags) {
    List<Flag> all = new ArrayList<>(flags);
    all.addAll(KafkaFlags.FLAGS);
    return all;
  }

  /** The configuration a run with these flags uses. */
  static GatewayConfig toConfig(FlagParser.Result r) throws FlagException {
    List<ListenAddress> addresses = new ArrayList<>();
    for (String a : r.all("web.listen-address")) {
      addresses.add(convert("web.listen-address", a, ListenAddress::parse));
    }
    String webConfig = r.value("web.config.file");
    URI externalUrl = convert("web.external-url", r.value("web.external-url"), Flags::parseUrl);
    String telemetryPath = r.value("web.telemetry-path");
    if (!telemetryPath.startsWith("/")) {
      throw invalid("web.telemetry-path", telemetryPath, "path must start with /");
    }
    String persistence = r.value("persistence.file");
    Duration interval = convert("persistence.interval", r.value("persistence.interval"), GoDuration::parse);
    long maxBody = convert("push.max-body-bytes", r.value("push.max-body-bytes"), Flags::parseBytes);
    SyncMode sync = convert("store.sync", r.value("store.sync"), Flags::parseSync);
    Duration ttl = convert("push.ttl", r.value("push.ttl"), Flags::parseTtl);
    StoreLimits limits = new StoreLimits(
        limit(r, "limits.max-groups"),
        limit(r, "limits.max-series-per-group"),
        limit(r, "limits.max-series"),
        limit(r, "limits.max-label-value-length"),
        limit(r, "limits.max-labels-per-series"));
    LogLevel level = convert("log.level", r.value("log.level"), LogLevel::parse);
    LogFormat format = convert("log.format", r.value("log.format"), LogFormat::parse);
    KafkaIngestConfig kafka = KafkaFlags.toConfig(r, maxBody);

    Map<String, String> shown = new LinkedHashMap<>();
    for (Flag f : PARSER.flags()) {
      if (!f.properties()) {
        shown.put(f.name(), String.join(",", r.all(f.name())));
      }
    }
    KafkaFlags.show(r, shown);
    shown.put("persistence.interval", GoDuration.format(interval));
    shown.put("push.ttl", GoDuration.format(ttl));
    return new GatewayConfig(
        addresses,
        webConfig.isEmpty() ? null : Path.of(webConfig),
        externalUrl,
        GatewayConfig.effectiveRoutePrefix(r.value("web.route-prefix"), externalUrl),
        telemetryPath,
        Boolean.parseBoolean(r.value("web.enable-lifecycle")),
        Boolean.parseBoolean(r.value("web.enable-admin-api")),
        Boolean.parseBoolean(r.value("web.enable-openmetrics")),
        persistence.isEmpty() ? null : Path.of(persistence),
        interval,
        !Boolean.parseBoolean(r.value("push.disable-consistency-check")),
        maxBody,
        sync,
        ttl,
        limits,
        level,
        format,
        kafka,
        Boolean.parseBoolean(r.value(KafkaFlags.READY)),
        shown);
  }

  private static <T> T convert(String flag, String value, Function<String, T> parse) throws FlagException {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw invalid(flag, value, e.getMessage());
    }
  }

  private static FlagException invalid(String flag, String value, String why) {
    return new FlagException("invalid value \"" + value + "\" for flag --" + flag + ": " + why);
  }

  private static Duration parseTtl(String value) {
    Duration ttl = GoDuration.parse(value);
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("must not be negative (0 for never)");
    }
    return ttl;
  }

  private static long limit(FlagParser.Result r, String flag) throws FlagException {
    return convert(flag, r.value(flag), value -> {
      try {
        long n = Long.parseLong(value.trim());
        if (n < 0) {
          throw new IllegalArgumentException("must not be negative (0 for unlimited)");
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number (0 for unlimited)", e);
      }
    });
  }

  private static URI parseUrl(String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException("invalid URL: missing protocol scheme");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URL: " + e.getMessage(), e);
    }
  }

  private static SyncMode parseSync(String value) {
    return switch (value) {
      case "always" -> SyncMode.ALWAYS;
      case "none" -> SyncMode.NONE;
      default -> throw new IllegalArgumentException("expected always or none");
    };
  }

  /** A byte count with an optional base-2 unit, like kingpin's {@code Bytes} flags. */
  static long parseBytes(String value) {
    String v = value.trim();
    int i = 0;
    while (i < v.length() && Character.isDigit(v.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("expected a byte count such as 1048576 or 64MiB");
    }
    long multiplier = switch (v.substring(i).toUpperCase(Locale.ROOT)) {
      case "", "B" -> 1L;
      case "KB", "KIB" -> 1L << 10;
      case "MB", "MIB" -> 1L << 20;
      case "GB", "GIB" -> 1L << 30;
      default -> throw new IllegalArgumentException("unknown unit \"" + v.substring(i) + "\"");
    };
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(v.substring(0, i)), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("too large", e);
    }
    if (n <= 0 || n > GatewayConfig.MAX_BODY_LIMIT) {
      throw new IllegalArgumentException("must be between 1 and " + GatewayConfig.MAX_BODY_LIMIT + " bytes");
    }
    return n;
  }
}
