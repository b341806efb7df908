package io.pushbridge.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a group: {@code job} plus any other labels from the push path. Two keys are equal
 * only when their label sets are equal ({@code {job="a"}} and {@code {job="a",instance=""}} are two
 * groups).
 */
public final class GroupingKey implements Comparable<GroupingKey> {

  static final String BASE64_SUFFIX = "@base64";
  private static final byte SEPARATOR = (byte) 0xFF;

  private final Labels labels;
  private final byte[] bytes;
  /** Of the bytes: keys are looked up in hash maps several times per push. */
  private final int hash;

  private GroupingKey(Labels labels) {
    this(labels, encode(labels));
  }

  /** {@code bytes}: {@link #encode}'s of {@code labels}, owned by this key from now on. */
  private GroupingKey(Labels labels, byte[] bytes) {
    if (labels.get("job") == null || labels.get("job").isEmpty()) {
      throw new InvalidGroupingKeyException("job name is required");
    }
    this.labels = labels;
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** A key from labels that include a non-empty {@code job}; names are not validated. */
  public static GroupingKey of(Labels labels) {
    return new GroupingKey(labels);
  }

  /**
   * Parses the part of a push URL after {@code /metrics/}, still percent-encoded, exactly as
   * upstream does (spec §2.2–2.3): {@code job/<job>{/<name>/<value>}}, {@code job@base64/...},
   * {@code <name>@base64/<value>}. Also the form of a Kafka record key.
   *
   * @throws InvalidGroupingKeyException with upstream's message
   */
  public static GroupingKey parsePath(String rawPath) {
    String path = percentDecode(rawPath);
    boolean jobEncoded;
    String rest;
    if (path.startsWith("job" + BASE64_SUFFIX + "/")) {
      jobEncoded = true;
      rest = path.substring(4 + BASE64_SUFFIX.length());
    } else if (path.startsWith("job/")) {
      jobEncoded = false;
      rest = path.substring(4);
    } else {
      throw new InvalidGroupingKeyException(
          "grouping key must start with job/ or job@base64/: " + GoStrings.quote(path));
    }
    int slash = rest.indexOf('/');
    String job = slash < 0 ? rest : rest.substring(0, slash);
    String labelString = slash < 0 ? "" : rest.substring(slash);
    if (jobEncoded) {
      GoBase64.Result decoded = GoBase64.decode(job);
      if (decoded.failed()) {
        throw new InvalidGroupingKeyException(
            "invalid base64 encoding in job name "
                + GoStrings.quote(decoded.decoded())
                + ": "
                + decoded.error());
      }
      job = decoded.decoded();
    }
    Map<String, String> map = splitLabels(labelString);
    if (job.isEmpty()) {
      throw new InvalidGroupingKeyException("job name is required");
    }
    map.put("job", job);
    return new GroupingKey(Labels.fromMap(map));
  }

  private static Map<String, String> splitLabels(String labelString) {
    TreeMap<String, String> result = new TreeMap<>();
    if (labelString.length() <= 1) {
      return result;
    }
    String[] components = labelString.substring(1).split("/", -1);
    if (components.length % 2 != 0) {
      throw new InvalidGroupingKeyException(
          "odd number of components in label string " + GoStrings.quote(labelString));
    }
    for (int i = 0; i < components.length; i += 2) {
      String name = components[i];
      String value = components[i + 1];
      boolean encoded = name.endsWith(BASE64_SUFFIX);
      String trimmed = encoded ? name.substring(0, name.length() - BASE64_SUFFIX.length()) : name;
      if (!LabelNames.isValid(trimmed) || trimmed.startsWith("__")) {
        throw new InvalidGroupingKeyException("improper label name " + GoStrings.quote(trimmed));
      }
      if (encoded) {
        GoBase64.Result decoded = GoBase64.decode(value);
        if (decoded.failed()) {
          throw new InvalidGroupingKeyException(
              "invalid base64 encoding for label "
                  + trimmed
                  + "="
                  + GoStrings.quote(value)
                  + ": "
                  + decoded.error());
        }
        value = decoded.decoded();
      }
      result.put(trimmed, value);
    }
    return result;
  }

  /**
   * Go's path unescaping: {@code %XX} sequences become bytes, {@code +} stays a plus, and the
   * result must be UTF-8.
   */
  static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b != '%') {
        out.write(b);
        continue;
      }
      if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
        String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
        throw new InvalidGroupingKeyException("invalid URL escape " + GoStrings.quote(bad));
      }
      out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidGroupingKeyException(
          "grouping key is not valid UTF-8 after URL decoding: " + GoStrings.quote(raw));
    }
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** The grouping labels, {@code job} included. */
  public Labels labels() {
    return labels;
  }

  public String job() {
    return labels.get("job");
  }

  /**
   * The path form, {@code job/<job>{/<name>/<value>}}, that {@link #parsePath} reads back to an
   * equal key. Values that are empty, contain characters outside the URL's unreserved set, or are
   * {@code .}/{@code ..} use {@code @base64}; other labels follow {@code job} in name order.
   */
  public String toPath() {
    StringBuilder sb = new StringBuilder(64);
    appendSegment(sb, "job", job());
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).equals("job")) {
        sb.append('/');
        appendSegment(sb, labels.name(i), labels.value(i));
      }
    }
    return sb.toString();
  }

  private static void appendSegment(StringBuilder sb, String name, String value) {
    if (isPlainSegment(value)) {
      sb.append(name).append('/').append(value);
    } else if (value.isEmpty()) {
      sb.append(name).append(BASE64_SUFFIX).append("/=");
    } else {
      sb.append(name).append(BASE64_SUFFIX).append('/').append(GoBase64.encode(value));
    }
  }

  private static boolean isPlainSegment(String value) {
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }

  /**
   * A stable byte encoding, upstream's internal key: names in order, each name and value followed
   * by 0xFF (a byte UTF-8 never contains). Byte order of encodings is the UI's group order.
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Reads back {@link #toBytes()}; {@code encoded} stays the caller's. */
  public static GroupingKey fromBytes(byte[] encoded) {
    String[][] parts = split(encoded);
    Labels labels = Labels.ofSorted(parts[0], parts[1]);
    return isAscii(encoded) ? new GroupingKey(labels, encoded.clone()) : new GroupingKey(labels);
  }

  /**
   * Reads back many {@link #toBytes()} forms, as a start-up does, keeping less of each: a key
   * whose label names equal the key's before shares that key's names (keys in byte order come
   * grouped by their names), and the encoded array is kept instead of a copy. Not thread-safe.
   */
  public static final class Decoder {
    /** The names of the key decoded last, kept only once {@link Labels#ofSorted} accepted them. */
    private String[] lastNames;

    /**
     * {@code encoded} becomes the key's own: the caller must not change it afterwards.
     *
     * @throws IllegalArgumentException when it is no encoded grouping key
     */
    public GroupingKey decode(byte[] encoded) {
      String[][] parts = split(encoded);
      Labels labels;
      if (Arrays.equals(parts[0], lastNames)) {
        // Checked when they were first decoded; the label sets sharing them never change them.
        labels = Labels.wrap(lastNames, parts[1]);
      } else {
        labels = Labels.ofSorted(parts[0], parts[1]);
        lastNames = parts[0];
      }
      return isAscii(encoded) ? new GroupingKey(labels, encoded) : new GroupingKey(labels);
    }
  }

  /** The label names and values of an encoded key. */
  private static String[][] split(byte[] encoded) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < encoded.length; i++) {
      if (encoded[i] == SEPARATOR) {
        parts.add(new String(encoded, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start != encoded.length || parts.size() % 2 != 0) {
      throw new IllegalArgumentException("not an encoded grouping key");
    }
    String[] names = new String[parts.size() / 2];
    String[] values = new String[parts.size() / 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = parts.get(2 * i);
      values[i] = parts.get(2 * i + 1);
    }
    return new String[][] {names, values};
  }

  /**
   * Whether every byte but the separators is ASCII: then decoding and encoding again gives the
   * same bytes (other bytes may not be UTF-8, which decoding replaces), so they need no encoding.
   */
  private static boolean isAscii(byte[] encoded) {
    for (byte b : encoded) {
      if (b < 0 && b != SEPARATOR) {
        return false;
      }
    }
    return true;
  }

  private static byte[] encode(Labels labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    for (int i = 0; i < labels.size(); i++) {
      out.writeBytes(labels.name(i).getBytes(StandardCharsets.UTF_8));
      out.write(SEPARATOR);
      out.writeBytes(labels.value(i).getBytes(StandardCharsets.UTF_8));
      out.write(SEPARATOR);
    }
    return out.toByteArray();
  }

  @Override
  public int compareTo(GroupingKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupingKey other
        && hash == other.hash
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return labels.toString();
  }
}
