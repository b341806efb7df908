package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRoundTripTest {

  @Test
  void parsingWhatWasRenderedGivesTheGatheredFamiliesBack() {
    RandomFamilies random = RandomFamilies.textSafe(11);
    for (int i = 0; i < 5000; i++) {
      List<MetricFamily> families = random.next();
      ByteArrayBuilder out = new ByteArrayBuilder();
      TextRenderer.render(families, out);
      List<MetricFamily> parsed = TextParser.parse(out.toByteArray());
      assertEquals(asTextCarriesThem(families), parsed, out::toString);
    }
  }

  /**
   * What survives the text format, as with upstream's parser and encoder: a help loses its leading
   * blanks and tabs, an empty one its line; -0 is written as 0; quantiles and buckets at NaN are
   * dropped (NaN is the parser's "no quantile/le" marker); a histogram gains the {@code +Inf}
   * bucket the renderer adds.
   */
  private static List<MetricFamily> asTextCarriesThem(List<MetricFamily> families) {
    List<MetricFamily> result = new ArrayList<>();
    for (MetricFamily f : RandomFamilies.normalized(families)) {
      List<Metric> metrics = new ArrayList<>();
      for (Metric m : f.metrics()) {
        metrics.add(withoutNegativeZero(m));
      }
      String help = f.help() == null ? null : f.help().replaceFirst("^[ \t]+", "");
      help = help == null || help.isEmpty() ? null : help;
      result.add(new MetricFamily(f.name(), help, f.type(), metrics));
    }
    return result;
  }

  private static Metric withoutNegativeZero(Metric m) {
    if (m instanceof Metric.Scalar s) {
      return new Metric.Scalar(s.labels(), z(s.value()));
    }
    if (m instanceof Metric.Summary s) {
      List<Metric.Quantile> quantiles = new ArrayList<>();
      for (Metric.Quantile q : s.quantiles()) {
        if (Double.isNaN(q.quantile())) {
          continue;
        }
        quantiles.add(new Metric.Quantile(z(q.quantile()), z(q.value())));
      }
      return new Metric.Summary(s.labels(), s.count(), z(s.sum()), quantiles, Metric.NO_TIMESTAMP);
    }
    Metric.Histogram h = (Metric.Histogram) m;
    List<Metric.Bucket> buckets = new ArrayList<>();
    boolean infSeen = false;
    for (Metric.Bucket b : h.buckets()) {
      if (Double.isNaN(b.upperBound())) {
        continue;
      }
      buckets.add(new Metric.Bucket(z(b.upperBound()), b.cumulativeCount()));
      infSeen |= b.upperBound() == Double.POSITIVE_INFINITY;
    }
    if (!infSeen) {
      buckets.add(new Metric.Bucket(Double.POSITIVE_INFINITY, h.count()));
    }
    return new Metric.Histogram(h.labels(), h.count(), z(h.sum()), buckets, Metric.NO_TIMESTAMP);
  }

  private static double z(double v) {
    return v == 0 ? 0.0 : v;
  }
}
