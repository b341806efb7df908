package io.pushbridge.store;

/**
 * What pushes may make the store hold (beyond upstream, {@code --limits.*}); 0 means unlimited. A
 * push over any limit is refused whole and changes nothing.
 *
 * @param maxGroups groups in the store
 * @param maxSeriesPerGroup pushed series in one group (the synthetic per-group series not counted)
 * @param maxSeries series in the store, as {@code pushbridge_store_series} counts them (the
 *     synthetic per-group series included)
 * @param maxLabelValueLength UTF-8 bytes of any label value of a pushed series, grouping labels
 *     included
 * @param maxLabelsPerSeries labels of a pushed series after the grouping labels and {@code
 *     instance} are added
 */
public record StoreLimits(
    long maxGroups,
    long maxSeriesPerGroup,
    long maxSeries,
    long maxLabelValueLength,
    long maxLabelsPerSeries) {

  public static final StoreLimits NONE = new StoreLimits(0, 0, 0, 0, 0);

  public StoreLimits {
    if (maxGroups < 0 || maxSeriesPerGroup < 0 || maxSeries < 0 || maxLabelValueLength < 0
        || maxLabelsPerSeries < 0) {
      throw new IllegalArgumentException("limits must not be negative (0: unlimited)");
    }
  }

  boolean checksShape() {
    return maxLabelValueLength > 0 || maxLabelsPerSeries > 0;
  }
}
