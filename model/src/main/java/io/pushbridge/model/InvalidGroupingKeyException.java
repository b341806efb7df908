package io.pushbridge.model;

/** A grouping key path that upstream rejects (spec §2.2), with upstream's message. */
public final class InvalidGroupingKeyException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  public InvalidGroupingKeyException(String message) {
    super(message);
  }
}
