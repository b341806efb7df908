package io.pushbridge.gateway;

/** A command line the gateway refuses to start with; the message names the flag and the problem. */
final class FlagException extends Exception {
  private static final long serialVersionUID = 1L;

  FlagException(String message) {
    super(message);
  }
}
