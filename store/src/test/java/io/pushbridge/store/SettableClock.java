package io.pushbridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so that expiry is driven without waiting (store and gateway tests). */
public final class SettableClock extends Clock {
  private volatile Instant now;

  public SettableClock(long unixNanos) {
    set(unixNanos);
  }

  public void set(long unixNanos) {
    now = Instant.ofEpochSecond(0, unixNanos);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock has no zones");
  }
}
