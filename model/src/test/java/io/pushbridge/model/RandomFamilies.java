package io.pushbridge.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Random but valid families for property tests: awkward strings, special floats, huge counts. */
final class RandomFamilies {
  private static final List<MetricType> TYPES = List.of(MetricType.values());

  private final SplittableRandom random;
  private final boolean textSafe;

  RandomFamilies(long seed) {
    this(seed, false);
  }

  private RandomFamilies(long seed, boolean textSafe) {
    this.random = new SplittableRandom(seed);
    this.textSafe = textSafe;
  }

  /**
   * Families that the text format can carry unchanged: distinct label sets within a family (the
   * text parser merges summary and histogram lines by label set), no {@code le} or {@code
   * quantile} labels, counts that a float64 holds exactly.
   */
  static RandomFamilies textSafe(long seed) {
    return new RandomFamilies(seed, true);
  }

  /** Families with distinct names, in random order, some without metrics. */
  List<MetricFamily> next() {
    int n = random.nextInt(0, 6);
    TreeMap<String, MetricFamily> byName = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String name = name();
      MetricType type = TYPES.get(random.nextInt(TYPES.size()));
      List<Metric> metrics = new ArrayList<>();
      java.util.Set<Labels> seen = new java.util.HashSet<>();
      int m = random.nextInt(0, 5);
      for (int j = 0; j < m; j++) {
        Metric metric = metric(type);
        if (!textSafe || seen.add(metric.labels())) {
          metrics.add(metric);
        }
      }
      byName.put(name, new MetricFamily(name, help(), type, metrics));
    }
    List<MetricFamily> families = new ArrayList<>(byName.values());
    java.util.Collections.shuffle(families, new java.util.Random(random.nextLong()));
    return families;
  }

  /** What upstream gathers from {@code families}: non-empty ones by name, series sorted. */
  static List<MetricFamily> normalized(List<MetricFamily> families) {
    List<MetricFamily> result = new ArrayList<>();
    for (MetricFamily f : families) {
      if (!f.metrics().isEmpty()) {
        List<Metric> metrics = new ArrayList<>(f.metrics());
        metrics.sort(TextRenderer.SERIES_ORDER);
        result.add(f.withMetrics(metrics));
      }
    }
    result.sort(Comparator.comparing(MetricFamily::name, TextRenderer::compareUtf8));
    return result;
  }

  private Metric metric(MetricType type) {
    Labels labels = labels();
    return switch (type) {
      case SUMMARY -> {
        List<Metric.Quantile> quantiles = new ArrayList<>();
        for (int i = random.nextInt(0, 4); i > 0; i--) {
          quantiles.add(new Metric.Quantile(value(), value()));
        }
        yield new Metric.Summary(labels, count(), value(), quantiles, Metric.NO_TIMESTAMP);
      }
      case HISTOGRAM -> {
        List<Metric.Bucket> buckets = new ArrayList<>();
        for (int i = random.nextInt(0, 4); i > 0; i--) {
          buckets.add(new Metric.Bucket(value(), count()));
        }
        NativeHistogram natives = textSafe || random.nextBoolean() ? null : nativeHistogram();
        yield new Metric.Histogram(labels, count(), value(), buckets, Metric.NO_TIMESTAMP, natives);
      }
      default -> new Metric.Scalar(labels, value());
    };
  }

  /** Native-bucket fields of every declared wire type, repeated ones packed or not, in any order. */
  private NativeHistogram nativeHistogram() {
    ProtoBytes fields = ProtoBytes.msg();
    for (int i = random.nextInt(1, 8); i > 0; i--) {
      switch (random.nextInt(7)) {
        case 0 -> fields.varint(5, random.nextInt(-4, 9));
        case 1 -> fields.fixed64(6, value());
        case 2 -> fields.varint(7, count());
        case 3 -> fields.fixed64(8, value());
        case 4 -> fields.message(9 + 3 * random.nextInt(2),
            ProtoBytes.msg().varint(1, random.nextInt(-50, 50)).varint(2, random.nextInt(0, 5)));
        case 5 -> {
          int field = 10 + 3 * random.nextInt(2);
          if (random.nextBoolean()) {
            fields.varint(field, random.nextLong());
          } else {
            // A packed field's content is the bare varints: a varint field's bytes after its tag.
            ProtoBytes packed = ProtoBytes.msg();
            for (int j = random.nextInt(0, 4); j > 0; j--) {
              byte[] one = ProtoBytes.msg().varint(1, random.nextLong()).build();
              packed.rawBytes(Arrays.copyOfRange(one, 1, one.length));
            }
            fields.bytes(field, packed.build());
          }
        }
        default -> {
          int field = 11 + 3 * random.nextInt(2);
          if (random.nextBoolean()) {
            fields.fixed64(field, value());
          } else {
            fields.bytes(field, new byte[8 * random.nextInt(0, 3)]);
          }
        }
      }
    }
    return NativeHistogram.ofWireFields(fields.build());
  }

  private Labels labels() {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = random.nextInt(0, 5); i > 0; i--) {
      map.put(labelName(), text());
    }
    return Labels.fromMap(map);
  }

  private String name() {
    String[] stems = {"http_requests_total", "temp", "a", "a_b", "node:cpu:rate5m", "Z"};
    return stems[random.nextInt(stems.length)] + (random.nextBoolean() ? "" : "_" + random.nextInt(50));
  }

  private String labelName() {
    String[] names = {"job", "instance", "a", "b", "path", "_x", "code", "le", "quantile"};
    return names[random.nextInt(textSafe ? names.length - 2 : names.length)];
  }

  private String help() {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> "";
      default -> text();
    };
  }

  /** Strings mixing ASCII, the characters that need escaping, and multi-byte code points. */
  String text() {
    int[] pool = {'a', 'z', '0', ' ', '"', '\\', '\n', '\t', '{', '}', '=', ',', '#', 0xE4, 0x20AC,
        0xFFFD, 0xE000, 0x1F600, 0x10FFFF, 0x7F, 0x01};
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(0, 12); i > 0; i--) {
      sb.appendCodePoint(pool[random.nextInt(pool.length)]);
    }
    return sb.toString();
  }

  double value() {
    return switch (random.nextInt(8)) {
      case 0 -> Double.NaN;
      case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> random.nextBoolean() ? 0.0 : -0.0;
      case 3 -> random.nextInt(-1000, 1000);
      case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(-10, 25));
      default -> {
        double v = Double.longBitsToDouble(random.nextLong());
        yield Double.isNaN(v) ? 1.5 : v;
      }
    };
  }

  long count() {
    if (textSafe) {
      return random.nextBoolean() ? random.nextInt(0, 1000) : random.nextLong(0, 1L << 53);
    }
    return switch (random.nextInt(3)) {
      case 0 -> random.nextInt(0, 1000);
      case 1 -> random.nextLong();
      default -> random.nextLong(0, 1L << 53);
    };
  }
}
