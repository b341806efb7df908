package io.pushbridge.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses OpenMetrics 1.0 text ({@code application/openmetrics-text; version=1.0.0}) as the
 * specification defines it: its ABNF (single spaces, no comments other than {@code # HELP},
 * {@code # TYPE}, {@code # UNIT}, a final {@code # EOF}), and its rules on families (metadata
 * before samples, at most one of each, no family twice, no clashing sample names) and on samples
 * (suffixes per type, adjacent Metrics, histogram buckets, counter and info values). Where the
 * specification lets a reader choose, this reads as Prometheus' own OpenMetrics parser does: a
 * backslash before another character is kept with it, numbers are Go's {@code ParseFloat} without
 * hexadecimal or digit separators.
 *
 * <p>The families it yields are those a Prometheus text or protobuf exposition of the same series
 * would have, so that the gateway stores and shows them like any other push:
 *
 * <ul>
 *   <li>counter {@code foo} (samples {@code foo_total}): counter family {@code foo_total};
 *   <li>gauge: gauge; unknown (or no TYPE): untyped;
 *   <li>summary and histogram {@code foo}: summary and histogram {@code foo}; a histogram without
 *       {@code _count} takes its {@code +Inf} bucket as count, a missing {@code _sum} is 0;
 *   <li>info {@code foo} (samples {@code foo_info}, value 1): gauge family {@code foo_info};
 *   <li>stateset {@code foo}: gauge family {@code foo}, one series per state (label {@code foo});
 *   <li>gaugehistogram: refused, as the model has no gauge histograms.
 * </ul>
 *
 * <p>What the model cannot keep is checked, then dropped: {@code _created} samples, exemplars and
 * units. Timestamps are kept so that the push is refused for them, as text pushes are.
 */
public final class OpenMetricsParser {

  private final byte[] body;
  private final OpenMetricsLexer in;
  private final Set<String> usedNames = new HashSet<>();
  private final List<MetricFamily> families = new ArrayList<>();
  private OpenMetricsFamily family;

  private OpenMetricsParser(byte[] body) {
    this.body = body;
    this.in = new OpenMetricsLexer(body);
  }

  /**
   * The families of {@code body} in order of appearance; families without samples are dropped.
   *
   * @throws MetricsParseException {@code openmetrics format parsing error in line <n>: <reason>}
   */
  public static List<MetricFamily> parse(byte[] body) {
    return new OpenMetricsParser(body).parseBody();
  }

  private List<MetricFamily> parseBody() {
    int pos = 0;
    for (int line = 1; ; line++) {
      int lf = indexOfNewline(pos);
      int end = lf < 0 ? body.length : lf;
      in.startLine(pos, end, line);
      if (pos == body.length) {
        throw in.error("data does not end with # EOF");
      }
      if (in.skip("# EOF") && in.atEnd()) {
        if (end + 1 < body.length) {
          in.startLine(end + 1, body.length, line + 1);
          throw in.error("unexpected data after # EOF");
        }
        finishFamily();
        return families;
      }
      in.startLine(pos, end, line);
      if (lf < 0) {
        throw in.error("data does not end with # EOF");
      }
      if (in.atEnd()) {
        throw in.error("unexpected blank line");
      }
      if (in.peek() == '#') {
        metadata();
      } else {
        sample();
      }
      pos = lf + 1;
    }
  }

  private int indexOfNewline(int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void metadata() {
    String keyword;
    if (in.skip("# HELP ")) {
      keyword = "HELP";
    } else if (in.skip("# TYPE ")) {
      keyword = "TYPE";
    } else if (in.skip("# UNIT ")) {
      keyword = "UNIT";
    } else {
      throw in.error("lines starting with '#' must be # HELP, # TYPE, # UNIT or # EOF");
    }
    String name = in.metricName("after # " + keyword);
    in.expectSpace(keyword.equals("HELP") ? "help text" : keyword.equals("TYPE") ? "type" : "unit");
    if (family == null || !family.name.equals(name)) {
      startFamily(name);
    } else if (family.hasSamples()) {
      throw in.error("# " + keyword + " line for metric " + GoStrings.quote(name) + " after its samples");
    }
    switch (keyword) {
      case "HELP" -> family.help(in.escapedString(false));
      case "TYPE" -> {
        String word = in.restOfLine();
        OpenMetricsFamily.Type type = OpenMetricsFamily.Type.of(word);
        if (type == null) {
          throw in.error("invalid metric type " + GoStrings.quote(word));
        }
        family.type(type);
        for (String sampleName : family.sampleNames()) {
          if (!sampleName.equals(name)) {
            claim(sampleName);
          }
        }
      }
      default -> {
        String unit = in.unit();
        in.expectEnd("unit");
        family.unit(unit);
      }
    }
  }

  private void sample() {
    String name = in.metricName("at start of line");
    Map<String, String> labels = in.peek() == '{' ? in.labels(GoStrings.quote(name)) : Map.of();
    in.expectSpace("value");
    double value = in.number("value");
    long timestamp = Metric.NO_TIMESTAMP;
    boolean exemplar = false;
    double exemplarValue = Double.NaN;
    if (!in.atEnd()) {
      in.expectSpace("timestamp or exemplar");
      if (in.peek() != '#') {
        timestamp = in.timestampMs("timestamp");
        if (!in.atEnd()) {
          in.expectSpace("exemplar");
        }
      }
      if (!in.atEnd()) {
        exemplarValue = in.exemplar();
        exemplar = true;
      }
    }
    if (family == null || !family.accepts(name)) {
      if (family != null && family.name.equals(name)) {
        throw in.error("sample name " + GoStrings.quote(name) + " does not fit "
            + family.type().keyword() + " " + GoStrings.quote(name) + ", whose samples are "
            + String.join(", ", family.sampleNames()));
      }
      startFamily(name);
    }
    family.add(new OpenMetricsSample(name, labels, value, timestamp, exemplar, exemplarValue));
  }

  private void startFamily(String name) {
    finishFamily();
    claim(name);
    family = new OpenMetricsFamily(name, in);
  }

  /** Family names and the sample names their types imply are unique within a body. */
  private void claim(String name) {
    if (!usedNames.add(name)) {
      throw in.error("metric family or sample name " + GoStrings.quote(name)
          + " used a second time (families must not be interleaved and names must not clash)");
    }
  }

  private void finishFamily() {
    if (family != null) {
      MetricFamily built = family.build();
      if (built != null) {
        families.add(built);
      }
      family = null;
    }
  }
}
