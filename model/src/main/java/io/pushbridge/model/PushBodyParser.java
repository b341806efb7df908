package io.pushbridge.model;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Turns a push body into families the way upstream chooses: {@code Content-Encoding} first, then
 * the format from {@code Content-Type} (spec §4.1–§4.2), where Pushbridge adds OpenMetrics text
 * ({@code application/openmetrics-text}). Shared by the HTTP and Kafka paths, so a body accepted
 * by one is accepted by the other.
 */
public final class PushBodyParser {
  private PushBodyParser() {}

  static final String PROTOBUF_MEDIA_TYPE = "application/vnd.google.protobuf";
  static final String PROTOBUF_MESSAGE = "io.prometheus.client.MetricFamily";
  static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";
  static final String OPENMETRICS_VERSION = "1.0.0";

  /**
   * @param contentType the {@code Content-Type} header or null
   * @param contentEncoding the {@code Content-Encoding} header or null; {@code gzip} and framed
   *     {@code snappy} in any case are decompressed (upstream ≥ 1.6; 1.5.1 recognised only lower
   *     case gzip), anything else is ignored
   * @param maxBytes the largest body accepted after decompression
   * @throws MetricsParseException for undecodable or unparsable bodies, with upstream's message
   * @throws PayloadTooLargeException when the decompressed body exceeds {@code maxBytes}
   */
  public static List<MetricFamily> parse(
      String contentType, String contentEncoding, byte[] body, long maxBytes) {
    byte[] decoded = decode(contentEncoding, body, maxBytes);
    if (decoded.length > maxBytes) {
      throw new PayloadTooLargeException(maxBytes);
    }
    if (isDelimitedProtobuf(contentType)) {
      return ProtobufParser.parse(decoded);
    }
    String openMetricsVersion = openMetricsVersion(contentType);
    if (openMetricsVersion == null) {
      return TextParser.parse(decoded);
    }
    if (!openMetricsVersion.equals(OPENMETRICS_VERSION) && !openMetricsVersion.equals("0.0.1")) {
      throw new MetricsParseException("unsupported OpenMetrics version "
          + GoStrings.quote(openMetricsVersion) + ", only " + OPENMETRICS_VERSION + " is supported");
    }
    return OpenMetricsParser.parse(decoded);
  }

  private static byte[] decode(String contentEncoding, byte[] body, long maxBytes) {
    String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    return switch (encoding) {
      case "gzip" -> gunzip(body, maxBytes);
      case "snappy" -> unsnappy(body, maxBytes);
      default -> body;
    };
  }

  /**
   * Protobuf only for the media type with {@code proto=io.prometheus.client.MetricFamily} and
   * {@code encoding=delimited}, parameters in any order; a header Go's mime parser rejects counts
   * as text.
   */
  public static boolean isDelimitedProtobuf(String contentType) {
    Map<String, String> params = parameters(contentType, PROTOBUF_MEDIA_TYPE);
    return params != null
        && PROTOBUF_MESSAGE.equals(params.get("proto"))
        && "delimited".equals(params.get("encoding"));
  }

  /**
   * The OpenMetrics version of an OpenMetrics content type (1.0.0 when it names none), or null for
   * any other. Version 1.0.0 and its draft 0.0.1 (which Prometheus reads alike) are parsed; another
   * version is refused rather than misread as text 0.0.4.
   */
  static String openMetricsVersion(String contentType) {
    Map<String, String> params = parameters(contentType, OPENMETRICS_MEDIA_TYPE);
    return params == null ? null : params.getOrDefault("version", OPENMETRICS_VERSION);
  }

  /**
   * The parameters (names lower-cased) of a content type of media type {@code mediaType}; null for
   * another media type, no header, or one Go's mime parser rejects.
   */
  private static Map<String, String> parameters(String contentType, String mediaType) {
    if (contentType == null) {
      return null;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(mediaType)) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim();
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      params.put(param.substring(0, eq).trim().toLowerCase(Locale.ROOT),
          unquote(param.substring(eq + 1).trim()));
    }
    return params;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /** Go's gzip reader reads the 10-byte header whole before it looks at it. */
  private static final int GZIP_HEADER_BYTES = 10;

  private static byte[] gunzip(byte[] body, long maxBytes) {
    if (body.length == 0) {
      throw new MetricsParseException("EOF");
    }
    if (body.length < GZIP_HEADER_BYTES) {
      throw new MetricsParseException("unexpected EOF");
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      return readAtMost(in, body.length * 4, maxBytes);
    } catch (EOFException e) {
      throw new MetricsParseException("unexpected EOF", e);
    } catch (ZipException e) {
      throw new MetricsParseException(goGzipMessage(e), e);
    } catch (IOException e) {
      throw new MetricsParseException("gzip: " + e.getMessage(), e);
    }
  }

  /** Go's compress/gzip and compress/flate texts for what Java's inflater reports. */
  private static String goGzipMessage(ZipException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Not in GZIP format") || message.contains("Unsupported compression")) {
      return "gzip: invalid header";
    }
    if (message.contains("Corrupt GZIP trailer")) {
      return "gzip: invalid checksum";
    }
    return "flate: corrupt input (" + message + ")";
  }

  /** The snappy framing format ({@code snzip} style), with Go's snappy error text. */
  private static byte[] unsnappy(byte[] body, long maxBytes) {
    try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(body))) {
      return readAtMost(in, body.length * 2, maxBytes);
    } catch (IOException e) {
      throw new MetricsParseException("snappy: corrupt input", e);
    }
  }

  /** Stops as soon as the decompressed body passes the limit, so a small bomb cannot fill the heap. */
  private static byte[] readAtMost(InputStream in, int expected, long maxBytes) throws IOException {
    ByteArrayBuilder out = new ByteArrayBuilder(Math.max(256, expected));
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) > 0; ) {
      if (out.size() + (long) n > maxBytes) {
        throw new PayloadTooLargeException(maxBytes);
      }
      out.append(chunk, 0, n);
    }
    return out.toByteArray();
  }
}
