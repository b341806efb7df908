package io.pushbridge.gateway;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager resets itself (closing every handler) from its own shutdown hook, which
 * races with the gateway's graceful shutdown and swallows its last lines ("stopped"). This one
 * never resets; the gateway's handler flushes every record as it is written.
 */
public final class GatewayLogManager extends LogManager {
  @Override
  public void reset() {
    // Intentionally empty: see the class comment.
  }
}
