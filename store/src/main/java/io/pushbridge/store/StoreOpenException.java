package io.pushbridge.store;

/** The store could not start; the message names the path and the problem. */
public final class StoreOpenException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreOpenException(String message) {
    super(message);
  }

  public StoreOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
