package io.pushbridge.exposer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of the web UI, held in memory: its bytes, content type and a content hash that serves as
 * the strong ETag and as the version in the page's asset links.
 */
final class StaticAsset {
  private final byte[] bytes;
  private final String contentType;
  private final String hash;

  private StaticAsset(byte[] bytes, String contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.hash = sha256(bytes).substring(0, 16);
  }

  static StaticAsset of(byte[] bytes, String contentType) {
    return new StaticAsset(bytes.clone(), contentType);
  }

  static StaticAsset of(String text, String contentType) {
    return new StaticAsset(text.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /** A file below {@code io/pushbridge/exposer/ui/} on the class path, as packed in the jar. */
  static byte[] resource(String name) {
    try (InputStream in = StaticAsset.class.getResourceAsStream("ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("web UI resource missing from the class path: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read web UI resource " + name, e);
    }
  }

  String contentType() {
    return contentType;
  }

  /** Changes whenever the content does. */
  String hash() {
    return hash;
  }

  String etag() {
    return "\"" + hash + "\"";
  }

  /** The body itself, not a copy: only for sending. */
  byte[] body() {
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
