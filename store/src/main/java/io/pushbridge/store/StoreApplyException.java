package io.pushbridge.store;

/**
 * The store could not apply one request to memory: a bug, not the client's fault nor RocksDB's
 * (HTTP 500: retrying would fail the same way).
 * The request fails alone; the rest of its batch is written, and so is its source offset, so a
 * Kafka ingest must dead-letter the record rather than read it again.
 */
public final class StoreApplyException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreApplyException(String message, Throwable cause) {
    super(message, cause);
  }
}
