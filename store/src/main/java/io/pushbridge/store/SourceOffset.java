package io.pushbridge.store;

import java.util.Objects;

/** The offset of the record a change came from; the store keeps {@code offset + 1} as next. */
public record SourceOffset(SourcePartition partition, long offset) {
  public SourceOffset {
    Objects.requireNonNull(partition, "partition");
  }
}
