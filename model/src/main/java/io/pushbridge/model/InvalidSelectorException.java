package io.pushbridge.model;

/** A series selector that does not parse; the message reads like Prometheus's parse errors. */
public final class InvalidSelectorException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSelectorException(String message) {
    super(message);
  }

  public InvalidSelectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
