package io.pushbridge.store;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link StoreLimits} checks, run by the writer before a push changes anything, where the
 * counts of groups and series are exact. Counts each rejection per limit.
 */
final class Admission {
  private final StoreLimits limits;
  /** Filled once, then only the adders change: safe to read from any thread. */
  private final Map<Limit, LongAdder> rejections = new EnumMap<>(Limit.class);

  Admission(StoreLimits limits) {
    this.limits = limits;
    for (Limit l : Limit.values()) {
      rejections.put(l, new LongAdder());
    }
  }

  /**
   * @param old the group before the push, or null when the push creates it
   * @param pushed the families the push replaces or adds
   * @param groupSeriesAfter the pushed series the group would hold
   * @param storeSeriesAfter the series the store would hold
   * @throws LimitExceededException for the first limit the push would exceed
   */
  void check(
      GroupingKey key,
      GroupState old,
      Collection<Slice.Prepared> pushed,
      long groupSeriesAfter,
      long storeSeriesBefore,
      long storeSeriesAfter,
      long groups) {
    try {
      if (limits.checksShape()) {
        checkLabels(key.labels(), "the grouping key " + key);
        for (Slice.Prepared p : pushed) {
          for (Metric m : p.family().metrics()) {
            checkLabels(m.labels(), "series " + p.family().name() + m.labels());
          }
        }
      }
      if (limits.maxSeriesPerGroup() > 0 && groupSeriesAfter > limits.maxSeriesPerGroup()) {
        throw new ShapeLimitException(Limit.MAX_SERIES_PER_GROUP, limits.maxSeriesPerGroup(),
            "group " + key + " would hold " + groupSeriesAfter + " series");
      }
      if (old == null && limits.maxGroups() > 0 && groups >= limits.maxGroups()) {
        throw new CapacityLimitException(Limit.MAX_GROUPS, limits.maxGroups(),
            "the store holds " + groups + " groups and the push would add group " + key);
      }
      if (limits.maxSeries() > 0
          && storeSeriesAfter > limits.maxSeries()
          && storeSeriesAfter > storeSeriesBefore) {
        throw new CapacityLimitException(Limit.MAX_SERIES, limits.maxSeries(),
            "the store would hold " + storeSeriesAfter + " series (it holds " + storeSeriesBefore
                + ")");
      }
    } catch (LimitExceededException e) {
      rejections.get(e.limit()).increment();
      throw e;
    }
  }

  private void checkLabels(Labels labels, String what) {
    if (limits.maxLabelsPerSeries() > 0 && labels.size() > limits.maxLabelsPerSeries()) {
      throw new ShapeLimitException(Limit.MAX_LABELS_PER_SERIES, limits.maxLabelsPerSeries(),
          what + " has " + labels.size() + " labels");
    }
    if (limits.maxLabelValueLength() > 0) {
      for (int i = 0; i < labels.size(); i++) {
        long length = utf8Length(labels.value(i));
        if (length > limits.maxLabelValueLength()) {
          throw new ShapeLimitException(Limit.MAX_LABEL_VALUE_LENGTH, limits.maxLabelValueLength(),
              "label " + labels.name(i) + " of " + what + " is " + length + " bytes long");
        }
      }
    }
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Pushes refused so far, per limit; every limit present. */
  Map<Limit, Long> rejections() {
    Map<Limit, Long> counts = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      counts.put(l, rejections.get(l).sum());
    }
    return counts;
  }
}
