package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import java.util.List;

/**
 * One group as the JSON API and the UI show it.
 *
 * @param families sorted by name, {@code push_time_seconds} and {@code push_failure_time_seconds}
 *     included
 */
public record GroupView(
    GroupingKey key, double pushTimeSeconds, double failureTimeSeconds, List<StoredFamily> families) {
  public GroupView {
    families = List.copyOf(families);
  }
}
