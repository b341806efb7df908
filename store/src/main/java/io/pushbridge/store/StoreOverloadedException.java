package io.pushbridge.store;

/** The write queue is full; the client may retry later (HTTP 503). */
public final class StoreOverloadedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreOverloadedException(String message) {
    super(message);
  }
}
