package io.pushbridge.store;

import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import io.pushbridge.model.PushValidator;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A request with everything that does not depend on the stored state already done: sanitised,
 * sorted, rendered, encoded and hashed. Prepared on the submitting thread, so that many callers
 * share this work and the single writer only checks, indexes and writes.
 *
 * @param request the request without its families: the parsed ones would stay in memory beside
 *     their sanitised copies while the push waits for the writer
 * @param families by name; empty for DELETE and for rejected pushes
 * @param pushTime the group's {@code push_time_seconds} if the push succeeds; null for DELETE and
 *     for rejected pushes
 * @param rejection why validation refused the push (the writer still records the failure time),
 *     or null
 */
record PreparedPush(
    PushRequest request,
    SortedMap<String, Slice.Prepared> families,
    Slice pushTime,
    InconsistentMetricsException rejection) {

  static PreparedPush of(PushRequest request) {
    TreeMap<String, Slice.Prepared> families = new TreeMap<>(Utf8Order.COMPARATOR);
    if (request.method() == PushMethod.DELETE) {
      return new PreparedPush(request, families, null, null);
    }
    PushRequest head = request.families().isEmpty()
        ? request
        : new PushRequest(request.key(), request.method(), List.of(), request.receiveTimeNanos(),
            request.ttl());
    try {
      for (MetricFamily f : PushValidator.sanitize(request.key(), request.families())) {
        if (!f.metrics().isEmpty()) {
          families.put(f.name(), Slice.Prepared.of(f, request.receiveTimeNanos()));
        }
      }
    } catch (InconsistentMetricsException e) {
      return new PreparedPush(head, Collections.emptySortedMap(), null, e);
    }
    return new PreparedPush(
        head,
        Collections.unmodifiableSortedMap(families),
        GroupState.pushTime(request.key(), request.receiveTimeNanos()),
        null);
  }
}
