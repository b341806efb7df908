package io.pushbridge.exposer;

import io.pushbridge.model.OpenMetricsRenderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the scrape format from {@code Accept} as upstream's {@code expfmt.Negotiate} does (spec
 * §7.3): entries in q-value order, the first acceptable one wins; protobuf with {@code
 * encoding=delimited} gives the delimited protobuf format, {@code text/plain} with version 0.0.4 or
 * none gives text, anything else is skipped, and text is the default. The protobuf text encodings
 * upstream also offers ({@code encoding=text}, {@code compact-text}) are debugging formats no
 * scraper asks for; they get text 0.0.4 here.
 *
 * <p>With OpenMetrics enabled ({@code --web.enable-openmetrics}), as {@code
 * expfmt.NegotiateIncludingOpenMetrics}: {@code application/openmetrics-text} with version 1.0.0
 * or none gives OpenMetrics 1.0.0 (the specification's default), version 0.0.1 the same body under
 * that version; and an entry with {@code q=0} is not acceptable (RFC 9110 §12.4.2), where upstream
 * would still take it.
 */
final class Negotiation {
  private Negotiation() {}

  enum Format {
    TEXT("text/plain; version=0.0.4; charset=utf-8"),
    PROTOBUF("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"),
    OPENMETRICS(OpenMetricsRenderer.CONTENT_TYPE),
    OPENMETRICS_0_0_1("application/openmetrics-text; version=0.0.1; charset=utf-8");

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    boolean isOpenMetrics() {
      return this == OPENMETRICS || this == OPENMETRICS_0_0_1;
    }
  }

  private record Accept(String type, String subType, double q, Map<String, String> params) {}

  /** Upstream's negotiation, OpenMetrics disabled. */
  static Format format(String acceptHeader) {
    return format(acceptHeader, false);
  }

  static Format format(String acceptHeader, boolean openMetrics) {
    if (acceptHeader == null) {
      return Format.TEXT;
    }
    for (Accept a : parse(acceptHeader)) {
      if (openMetrics && a.q() <= 0) {
        continue;
      }
      String mediaType = a.type() + "/" + a.subType();
      if (mediaType.equals("application/vnd.google.protobuf")
          && "io.prometheus.client.MetricFamily".equals(a.params().get("proto"))
          && "delimited".equals(a.params().get("encoding"))) {
        return Format.PROTOBUF;
      }
      String version = a.params().getOrDefault("version", "");
      if (a.type().equals("text") && a.subType().equals("plain") && (version.equals("0.0.4") || version.isEmpty())) {
        return Format.TEXT;
      }
      if (openMetrics && mediaType.equals("application/openmetrics-text")) {
        if (version.equals("1.0.0") || version.isEmpty()) {
          return Format.OPENMETRICS;
        }
        if (version.equals("0.0.1")) {
          return Format.OPENMETRICS_0_0_1;
        }
      }
    }
    return Format.TEXT;
  }

  /** goautoneg's {@code ParseAccept}, sorted by q, then concrete types before wildcards. */
  private static List<Accept> parse(String header) {
    List<Accept> result = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String[] mrp = part.trim().split(";", -1);
      String[] sp = mrp[0].split("/", -1);
      String type = sp[0].trim();
      String subType;
      if (sp.length == 1 && type.equals("*")) {
        subType = "*";
      } else if (sp.length == 2) {
        subType = sp[1].trim();
      } else {
        continue;
      }
      double q = 1.0;
      Map<String, String> params = new HashMap<>();
      for (int i = 1; i < mrp.length; i++) {
        int eq = mrp[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        String token = mrp[i].substring(0, eq).trim();
        String value = mrp[i].substring(eq + 1);
        if (token.equals("q")) {
          q = parseQ(value);
        } else {
          params.put(token, value.trim());
        }
      }
      result.add(new Accept(type, subType, q, params));
    }
    result.sort(Comparator.comparingDouble((Accept a) -> -a.q())
        .thenComparing(a -> a.type().equals("*"))
        .thenComparing(a -> a.subType().equals("*")));
    return result;
  }

  /**
   * goautoneg ignores the error of Go's {@code strconv.ParseFloat}, which yields 0 (and does not
   * trim): such an entry sorts last.
   */
  private static double parseQ(String value) {
    if (value.isEmpty() || value.strip().length() != value.length()) {
      return 0;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether {@code Accept-Encoding} offers gzip, as promhttp checks it. */
  static boolean gzipAccepted(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",", -1)) {
      String p = part.trim();
      if (p.equals("gzip") || p.startsWith("gzip;")) {
        return true;
      }
    }
    return false;
  }
}
