package io.pushbridge.model;

/** A push body larger, once decompressed, than the configured limit (HTTP 413). */
public final class PayloadTooLargeException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(long limit) {
    super("push body exceeds the limit of " + limit + " bytes (--push.max-body-bytes)");
  }
}
