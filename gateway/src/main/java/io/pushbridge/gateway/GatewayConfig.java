package io.pushbridge.gateway;

import io.pushbridge.store.StoreLimits;
import io.pushbridge.store.SyncMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the command line decides, built once at start-up and validated here.
 *
 * @param webConfigFile the exporter-toolkit web config (TLS, basic auth), or null
 * @param externalUrl {@code --web.external-url}, or null when not given
 * @param routePrefix the effective prefix of every route: empty, or {@code /x} without a trailing
 *     slash (spec §2.6)
 * @param telemetryPath the scrape path below the prefix, starting with {@code /}
 * @param openMetricsEnabled {@code --web.enable-openmetrics}: scrapes may negotiate OpenMetrics 1.0
 * @param persistenceDirectory the RocksDB directory, or null to keep everything in memory
 * @param persistenceInterval accepted for compatibility; every write is durable before its answer
 * @param consistencyCheck false with {@code --push.disable-consistency-check}
 * @param maxBodyBytes the largest push body accepted, as received and after decompression
 * @param storeSync when the store syncs its write-ahead log ({@code --store.sync})
 * @param pushTtl every group's time to live from its last push ({@code --push.ttl}); zero: never
 * @param limits what pushes may make the store hold ({@code --limits.*})
 * @param flagValues every flag's value as {@code /api/v1/status} shows it
 */
record GatewayConfig(
    List<ListenAddress> listenAddresses,
    Path webConfigFile,
    URI externalUrl,
    String routePrefix,
    String telemetryPath,
    boolean lifecycleEnabled,
    boolean adminApiEnabled,
    boolean openMetricsEnabled,
    Path persistenceDirectory,
    Duration persistenceInterval,
    boolean consistencyCheck,
    long maxBodyBytes,
    SyncMode storeSync,
    Duration pushTtl,
    StoreLimits limits,
    LogLevel logLevel,
    LogFormat logFormat,
    Map<String, String> flagValues) {

  /** Bodies are buffered in one array. */
  static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 8;

  GatewayConfig {
    listenAddresses = List.copyOf(listenAddresses);
    if (listenAddresses.isEmpty()) {
      throw new IllegalArgumentException("at least one listen address is required");
    }
    Objects.requireNonNull(routePrefix, "routePrefix");
    if (!routePrefix.isEmpty() && (!routePrefix.startsWith("/") || routePrefix.endsWith("/"))) {
      throw new IllegalArgumentException("route prefix must be empty or /path without a trailing slash");
    }
    if (!telemetryPath.startsWith("/")) {
      throw new IllegalArgumentException("telemetry path must start with /");
    }
    Objects.requireNonNull(persistenceInterval, "persistenceInterval");
    if (maxBodyBytes <= 0 || maxBodyBytes > MAX_BODY_LIMIT) {
      throw new IllegalArgumentException("max body size must be between 1 and " + MAX_BODY_LIMIT + " bytes");
    }
    Objects.requireNonNull(storeSync, "storeSync");
    if (pushTtl.isNegative()) {
      throw new IllegalArgumentException("push TTL must not be negative");
    }
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(logFormat, "logFormat");
    flagValues = Map.copyOf(flagValues);
  }

  /** The scrape path including the route prefix, as Go's {@code path.Join} builds it. */
  String scrapePath() {
    return RawPaths.join(routePrefix, telemetryPath);
  }

  /**
   * Upstream's rule: the route prefix if given, else the path of the external URL; {@code /} means
   * none; otherwise exactly one leading and no trailing slash.
   */
  static String effectiveRoutePrefix(String routePrefix, URI externalUrl) {
    String prefix = routePrefix;
    if (prefix.isEmpty() && externalUrl != null && externalUrl.getRawPath() != null) {
      prefix = externalUrl.getRawPath();
    }
    int start = 0;
    int end = prefix.length();
    while (start < end && prefix.charAt(start) == '/') {
      start++;
    }
    while (end > start && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return start == end ? "" : "/" + prefix.substring(start, end);
  }
}
