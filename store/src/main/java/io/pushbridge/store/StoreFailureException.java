package io.pushbridge.store;

/** RocksDB failed, or the store is closed; the message names the operation and the path. */
public final class StoreFailureException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreFailureException(String message) {
    super(message);
  }

  public StoreFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
