package io.pushbridge.store;

import io.pushbridge.model.MetricFamily;

/** A family as stored in a group, with the receive time of the push that last replaced it. */
public record StoredFamily(MetricFamily family, long receiveTimeNanos) {}
