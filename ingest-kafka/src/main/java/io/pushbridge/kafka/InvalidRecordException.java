package io.pushbridge.kafka;

import io.pushbridge.model.InvalidPushException;

/** A record that cannot be a push for reasons of its own (its headers or timestamp). */
final class InvalidRecordException extends InvalidPushException {
  private static final long serialVersionUID = 1L;

  InvalidRecordException(String message) {
    super(message);
  }
}
