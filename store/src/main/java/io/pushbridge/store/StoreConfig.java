package io.pushbridge.store;

import io.pushbridge.model.MetricType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link GroupStore} runs.
 *
 * @param directory the RocksDB directory; null keeps everything in memory (RocksDB's in-memory
 *     environment, the same code path)
 * @param sync when a write counts as durable
 * @param consistencyCheck false skips the checks against other groups
 *     ({@code --push.disable-consistency-check}); the checks within a push still run
 * @param queueCapacity the bounded write queue; a push finding it full fails at once
 * @param reservedFamilies the gateway's own families by name: pushed families of these names must
 *     have the same type
 * @param defaultTtl the time to live of a group pushed without its own TTL ({@code --push.ttl});
 *     zero: never expires (upstream's behaviour)
 * @param limits what a push may make the store hold ({@code --limits.*}); {@link StoreLimits#NONE}
 *     by default
 * @param clock what expiry compares deadlines with; pushes carry their own receive time
 * @param expiryHorizon Unix nanoseconds up to which deadlines may be acted on, read at each sweep:
 *     expiry deletes the groups whose deadline is at or before the earlier of {@code clock} and
 *     this. A Kafka ingest that has not read up to the clock yet holds expiry back with it, so that
 *     a group is not deleted before the ingest reads the records that renewed it; {@link
 *     Long#MIN_VALUE} holds every deadline back, {@link Long#MAX_VALUE} (the default) none. Called
 *     on the store's threads: it must not block.
 */
public record StoreConfig(
    Path directory,
    SyncMode sync,
    boolean consistencyCheck,
    int queueCapacity,
    Map<String, MetricType> reservedFamilies,
    Duration defaultTtl,
    StoreLimits limits,
    Clock clock,
    LongSupplier expiryHorizon) {

  public StoreConfig {
    Objects.requireNonNull(sync, "sync");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
    }
    reservedFamilies = Map.copyOf(reservedFamilies);
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    if (defaultTtl.isNegative()) {
      throw new IllegalArgumentException("defaultTtl must not be negative: " + defaultTtl);
    }
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(expiryHorizon, "expiryHorizon");
  }

  /** Without TTL or limits, on the system clock: upstream's behaviour. */
  public StoreConfig(
      Path directory,
      SyncMode sync,
      boolean consistencyCheck,
      int queueCapacity,
      Map<String, MetricType> reservedFamilies) {
    this(directory, sync, consistencyCheck, queueCapacity, reservedFamilies, Duration.ZERO,
        StoreLimits.NONE, Clock.systemUTC(), StoreConfig::noHorizon);
  }

  /** The expiry horizon that holds nothing back. */
  private static long noHorizon() {
    return Long.MAX_VALUE;
  }

  /** A checked, durable store in {@code directory} with a queue of 10,000 and no reserved names. */
  public static StoreConfig of(Path directory) {
    return new StoreConfig(directory, SyncMode.ALWAYS, true, 10_000, Map.of());
  }

  public StoreConfig withDefaultTtl(Duration ttl) {
    return new StoreConfig(directory, sync, consistencyCheck, queueCapacity, reservedFamilies, ttl, limits, clock,
        expiryHorizon);
  }

  public StoreConfig withLimits(StoreLimits l) {
    return new StoreConfig(directory, sync, consistencyCheck, queueCapacity, reservedFamilies, defaultTtl, l, clock,
        expiryHorizon);
  }

  public StoreConfig withClock(Clock c) {
    return new StoreConfig(directory, sync, consistencyCheck, queueCapacity, reservedFamilies, defaultTtl, limits, c,
        expiryHorizon);
  }

  public StoreConfig withExpiryHorizon(LongSupplier horizon) {
    return new StoreConfig(directory, sync, consistencyCheck, queueCapacity, reservedFamilies, defaultTtl, limits,
        clock, horizon);
  }

  /** The directory as messages name it. */
  String location() {
    return directory == null ? "in-memory store" : directory.toString();
  }
}
