package io.pushbridge.store;

import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;

/** One family merged across groups, as a scrape shows it. */
public interface FamilyView {
  String name();

  /**
   * The help of the first group, in grouping-key byte order, whose family has a help; null when
   * none has. Upstream picks a random group's help per scrape (spec §5.2).
   */
  String help();

  /**
   * The family's type. Groups only disagree when the consistency check was off; then this is the
   * type of the first group in grouping-key byte order.
   */
  MetricType type();

  /**
   * Every sample line of this family across groups, without HELP and TYPE lines: groups in
   * grouping-key byte order, each group's series in upstream's order.
   */
  void writeText(OutputStream out) throws IOException;

  /** The series of every group, in the order of {@link #writeText}, decoded. */
  MetricFamily toFamily();
}
