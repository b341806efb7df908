package io.pushbridge.store;

import io.pushbridge.model.MetricType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

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
 */
public record StoreConfig(
    Path directory,
    SyncMode sync,
    boolean consistencyCheck,
    int queueCapacity,
    Map<String, MetricType> reservedFamilies) {

  public StoreConfig {
    Objects.requireNonNull(sync, "sync");
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
    }
    reservedFamilies = Map.copyOf(reservedFamilies);
  }

  /** A checked, durable store in {@code directory} with a queue of 10,000 and no reserved names. */
  public static StoreConfig of(Path directory) {
    return new StoreConfig(directory, SyncMode.ALWAYS, true, 10_000, Map.of());
  }

  /** The directory as messages name it. */
  String location() {
    return directory == null ? "in-memory store" : directory.toString();
  }
}
