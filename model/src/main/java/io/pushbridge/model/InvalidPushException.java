package io.pushbridge.model;

/**
 * A push the gateway refuses because of what the client sent: its grouping key, its body, or its
 * consistency with what is stored. The message is the text a client sees (upstream's wording).
 * Every ingest path maps it the same way: HTTP 400, a dead-letter record for Kafka.
 */
public class InvalidPushException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidPushException(String message) {
    super(message);
  }

  public InvalidPushException(String message, Throwable cause) {
    super(message, cause);
  }
}
