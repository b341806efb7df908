package io.pushbridge.store;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Expires groups on a timer, independent of scrapes: once a second it compares the store's
 * earliest deadline with the clock (or the expiry horizon, when that is earlier) and, when one has
 * passed, queues an expiry behind the pushes already waiting, so a group pushed again in the
 * meantime is seen with its new deadline. Nothing is queued while no deadline is due, so an idle
 * store writes nothing.
 */
final class ExpirySweeper {
  private static final System.Logger LOG = System.getLogger(ExpirySweeper.class.getName());
  static final long PERIOD_MILLIS = 1000;

  private final GroupStore store;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pushbridge-expiry-sweeper");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Integer> inFlight = CompletableFuture.completedFuture(0);
  private ScheduledFuture<?> schedule;

  ExpirySweeper(GroupStore store) {
    this.store = store;
  }

  void start() {
    schedule = timer.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    timer.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        timer.awaitTermination(1, TimeUnit.MINUTES);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void sweep() {
    if (!inFlight.isDone() || store.expiryCutoffNanos() < store.nextExpiryNanos()) {
      return;
    }
    try {
      inFlight = store.expireNow();
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "expiry postponed to the next sweep: " + e.getMessage());
    }
  }

  /** The clock's time as Unix nanoseconds, the unit of deadlines. */
  static long nanos(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
