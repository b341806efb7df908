package io.pushbridge.ingest.http;

/**
 * A push body over {@code --push.max-body-bytes}, as received or after decompression. HTTP 413;
 * the message tells the client the limit and the flag that sets it.
 */
public final class BodyTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException(long limit, boolean decompressed) {
    super("request body " + (decompressed ? "after decompression " : "")
        + "exceeds the limit of " + limit + " bytes (--push.max-body-bytes)");
  }
}
