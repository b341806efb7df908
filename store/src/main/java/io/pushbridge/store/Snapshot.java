package io.pushbridge.store;

import io.pushbridge.model.ByteArrayBuilder;
import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Metric;
import io.pushbridge.model.MetricFamily;
import io.pushbridge.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the writer publishes after each batch: immutable, so scrapes read it without locks. A new
 * snapshot shares the views of every family the batch did not touch with the previous one; a
 * touched family's view is rebuilt from the index (linear in the groups holding it).
 */
final class Snapshot implements ScrapeSnapshot {
  static final Snapshot EMPTY =
      new Snapshot(new TreeMap<>(Utf8Order.COMPARATOR), KeyTable.empty(), 0);

  private final SortedMap<String, View> byName;
  private final List<FamilyView> families;
  private final KeyTable<GroupState> groups;
  private final long series;

  private Snapshot(SortedMap<String, View> byName, KeyTable<GroupState> groups, long series) {
    this.byName = byName;
    this.families = Collections.unmodifiableList(new ArrayList<>(byName.values()));
    this.groups = groups;
    this.series = series;
  }

  long groupCount() {
    return groups.size();
  }

  long seriesCount() {
    return series;
  }

  /** This snapshot with the families in {@code changed} (by name) read again from {@code state}. */
  Snapshot with(Set<String> changed, StoreState state) {
    if (changed.isEmpty()) {
      return this;
    }
    TreeMap<String, View> next = new TreeMap<>(byName);
    for (String name : changed) {
      FamilyIndex family = state.family(name);
      if (family == null) {
        next.remove(name);
      } else {
        next.put(name, View.of(name, family));
      }
    }
    return new Snapshot(next, state.groupTable(), state.seriesCount());
  }

  @Override
  public List<FamilyView> families() {
    return families;
  }

  List<GroupView> groupViews() {
    List<GroupView> views = new ArrayList<>(groups.size());
    for (GroupState g : groups.values()) {
      List<StoredFamily> stored = new ArrayList<>(g.families().length);
      for (Slice s : g.families()) {
        stored.add(s.decode());
      }
      views.add(
          new GroupView(
              g.key,
              GroupState.seconds(g.pushTimeNanos),
              GroupState.seconds(g.failureTimeNanos),
              stored));
    }
    return views;
  }

  /** One family across groups; slices in grouping-key byte order. */
  private static final class View implements FamilyView {
    private static final int CHUNK = 64 << 10;

    private final String name;
    private final String help;
    private final MetricType type;
    private final KeyTable<Slice> slices;

    private View(String name, String help, MetricType type, KeyTable<Slice> slices) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.slices = slices;
    }

    static View of(String name, FamilyIndex family) {
      KeyTable<Slice> slices = family.slices.freeze();
      return new View(name, family.firstHelp(), slices.first().type, slices);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String help() {
      return help;
    }

    @Override
    public MetricType type() {
      return type;
    }

    /**
     * Expands the slices' lines into a buffer written out whenever it holds {@link #CHUNK} bytes;
     * it starts small, as most families are.
     */
    @Override
    public void writeText(OutputStream out) throws IOException {
      ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
      slices.<IOException>forEachValue(
          s -> {
            s.writeText(buffer);
            if (buffer.size() >= CHUNK) {
              buffer.writeTo(out);
              buffer.reset();
            }
          });
      buffer.writeTo(out);
    }

    @Override
    public MetricFamily toFamily() {
      List<Metric> metrics = new ArrayList<>();
      for (Slice s : slices.values()) {
        metrics.addAll(s.decode().family().metrics());
      }
      return new MetricFamily(name, help, type, metrics);
    }

    @Override
    public String toString() {
      return name + " (" + type.keyword() + ", " + slices.size() + " groups)";
    }
  }
}
