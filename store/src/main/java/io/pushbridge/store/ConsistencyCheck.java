package io.pushbridge.store;

import io.pushbridge.model.ConsistencyErrors;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.InconsistentMetricsException;
import io.pushbridge.model.Labels;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The checks of a push against the rest of the store (spec §5.1) in time proportional to the push:
 * type per family name, series hashes per family, and the summary/histogram suffix rule. Checks
 * within the push are {@code PushValidator}'s.
 */
final class ConsistencyCheck {
  private final Map<String, FamilyIndex> index;
  private final Map<String, MetricType> reserved;

  ConsistencyCheck(Map<String, FamilyIndex> index, Map<String, MetricType> reserved) {
    this.index = index;
    this.reserved = reserved;
  }

  /**
   * Checks the families that replace or create a family in group {@code key}.
   *
   * @param old the group before the push, or null
   * @param after the group after the push (pushed families and those a POST keeps)
   * @throws io.pushbridge.model.InconsistentMetricsException for the first violation
   */
  void check(
      GroupingKey key, GroupState old, List<Slice.Prepared> changed, GroupState after) {
    for (Slice.Prepared p : changed) {
      String name = p.family().name();
      MetricType type = p.family().type();
      MetricType own = reserved.get(name);
      if (own != null && own != type) {
        throw new InconsistentMetricsException(ConsistencyErrors.ownTypeConflict(name, type, own));
      }
      Slice oldSlice = old == null ? null : old.family(name);
      FamilyIndex family = index.get(name);
      if (family != null) {
        EnumSet<MetricType> others = family.typesWithout(oldSlice);
        others.remove(type);
        if (!others.isEmpty()) {
          throw new InconsistentMetricsException(
              ConsistencyErrors.typeMismatch(
                  name, others.iterator().next(), type, p.family().metrics().get(0)));
        }
      }
      checkSuffixes(name, type, old, after);
      if (family != null) {
        checkDuplicates(p, key, oldSlice, family);
      }
    }
  }

  private void checkSuffixes(
      String name, MetricType type, GroupState old, GroupState after) {
    ConsistencyErrors.suffixCollision(name, type, other -> typeAfter(other, old, after))
        .ifPresent(
            detail -> {
              throw new InconsistentMetricsException(detail);
            });
  }

  /**
   * One type family {@code name} would have once the push is applied, null when absent. Several
   * only after the check was off; then the kinds that collide win.
   */
  private MetricType typeAfter(String name, GroupState old, GroupState after) {
    EnumSet<MetricType> types = typesAfter(name, old, after);
    if (types.contains(MetricType.HISTOGRAM)) {
      return MetricType.HISTOGRAM;
    }
    if (types.contains(MetricType.SUMMARY)) {
      return MetricType.SUMMARY;
    }
    return types.isEmpty() ? null : types.iterator().next();
  }

  /** The types family {@code name} would have anywhere once the push is applied. */
  private EnumSet<MetricType> typesAfter(String name, GroupState old, GroupState after) {
    FamilyIndex family = index.get(name);
    EnumSet<MetricType> types =
        family == null
            ? EnumSet.noneOf(MetricType.class)
            : family.typesWithout(old == null ? null : old.family(name));
    Slice own = after.family(name);
    if (own != null) {
      types.add(own.type);
    }
    MetricType reservedType = reserved.get(name);
    if (reservedType != null) {
      types.add(reservedType);
    }
    return types;
  }

  /**
   * Looks up every pushed series, unless the group pushed the same series again and no series of
   * the family is held twice: then each is held by this group alone (the common case, skipping a
   * cache miss per series).
   */
  private static void checkDuplicates(
      Slice.Prepared p, GroupingKey key, Slice oldSlice, FamilyIndex family) {
    if (oldSlice != null
        && !family.hashes().hasRepeats()
        && Arrays.equals(oldSlice.sortedHashes, p.toSlice().sortedHashes)) {
      return;
    }
    List<Metric> metrics = p.family().metrics();
    long[] hashes = p.hashes();
    for (int i = 0; i < hashes.length; i++) {
      int elsewhere =
          family.hashes().count(hashes[i]) - (oldSlice == null ? 0 : oldSlice.occurrences(hashes[i]));
      if (elsewhere > 0 && storedElsewhere(family, key, hashes[i], metrics.get(i).labels())) {
        throw new InconsistentMetricsException(
            ConsistencyErrors.duplicateSeries(p.family().name(), p.family().type(), metrics.get(i)));
      }
    }
  }

  /** The exact confirmation behind a hash hit: decodes the other groups holding that hash. */
  private static boolean storedElsewhere(
      FamilyIndex family, GroupingKey key, long hash, Labels labels) {
    boolean[] found = {false};
    family.slices.forEach(
        (other, slice) -> {
          if (found[0] || other.equals(key) || slice.occurrences(hash) == 0) {
            return;
          }
          for (Metric m : slice.decode().family().metrics()) {
            if (m.labels().equals(labels)) {
              found[0] = true;
              return;
            }
          }
        });
    return found[0];
  }

}
