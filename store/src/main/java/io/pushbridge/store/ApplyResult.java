package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.PushMethod;

/** An applied change: durable and visible to the next snapshot. */
public record ApplyResult(GroupingKey key, PushMethod method, long pushTimeNanos) {}
