package io.pushbridge.store;

import java.util.List;

/** A consistent view of every group for one scrape: never half a push. */
public interface ScrapeSnapshot {
  /** Sorted by name in byte order; only families with at least one series. */
  List<FamilyView> families();
}
