package io.pushbridge.gateway;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for an external process to reach a state (Prometheus having scraped, a child gateway
 * listening): probes until the condition holds or a generous deadline passes. Nothing is asserted
 * about how long it took.
 */
final class Eventually {
  private Eventually() {}

  static <T> T await(String what, Duration deadline, Callable<T> probe, Predicate<T> done) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    T last = null;
    Exception lastError = null;
    while (System.nanoTime() < end) {
      try {
        last = probe.call();
        if (last != null && done.test(last)) {
          return last;
        }
      } catch (Exception e) {
        lastError = e;
      }
      Thread.sleep(200);
    }
    AssertionError error = new AssertionError(what + " did not happen within " + deadline + "; last seen: " + last);
    if (lastError != null) {
      error.addSuppressed(lastError);
    }
    throw error;
  }
}
