package io.pushbridge.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Strings of one body's names and label values, keyed by their bytes, so that a name or value
 * repeated on many lines becomes one String (less garbage while parsing, less memory once
 * stored). Lives for one parse only: nothing is interned globally.
 *
 * <p>A metric name's entry also remembers the family it resolved to; see
 * {@link TextParser}: that resolution never changes within a body once made.
 */
final class TextTokenCache {

  /** Longer tokens are rarely repeated; they bypass the cache. */
  private static final int MAX_CACHED_LENGTH = 128;

  /** Beyond this many distinct tokens new ones bypass the cache, bounding its memory. */
  private static final int MAX_ENTRIES = 1 << 16;

  static final class Entry {
    private final byte[] source;
    private final int offset;
    private final int length;
    private final int hash;
    final String string;
    TextFamilyBuilder family;
    boolean isCount;
    boolean isSum;

    private Entry(byte[] source, int offset, int length, int hash, String string) {
      this.source = source;
      this.offset = offset;
      this.length = length;
      this.hash = hash;
      this.string = string;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final byte[] body;
  private Entry[] table = new Entry[256];
  /** Per place on a line ({@link #entryAt}): the entry found there last. */
  private final Entry[] recent = new Entry[33];
  /** Per place: whether its token was the same as on the line before last time. */
  private final boolean[] repeated = new boolean[33];
  /** Per place: how many of its last tokens were new to the cache, and lines since it skipped. */
  private final int[] newTokens = new int[33];
  private final int[] skipped = new int[33];
  private int size;

  /** {@code body} is the parsed input: ranges of it are referenced, not copied. */
  TextTokenCache(byte[] body) {
    this.body = body;
  }

  /**
   * The entry for {@code src[from, to)}, or a fresh uncached one. {@code src} is either the body
   * or a scratch buffer that the caller reuses; only body ranges are referenced by entries.
   */
  Entry entry(byte[] src, int from, int to, boolean ascii) {
    int length = to - from;
    if (length > MAX_CACHED_LENGTH) {
      return new Entry(null, 0, 0, 0, stringOf(src, from, to, ascii));
    }
    int hash = hash(src, from, to);
    int mask = table.length - 1;
    int slot = slot(hash, mask);
    for (Entry e = table[slot]; e != null; e = table[slot]) {
      if (e.hash == hash && e.length == length
          && Arrays.equals(e.source, e.offset, e.offset + length, src, from, to)) {
        return e;
      }
      slot = (slot + 1) & mask;
    }
    String string = stringOf(src, from, to, ascii);
    if (size >= MAX_ENTRIES) {
      return new Entry(null, 0, 0, 0, string);
    }
    Entry e = src == body
        ? new Entry(body, from, length, hash, string)
        : new Entry(Arrays.copyOfRange(src, from, to), 0, length, hash, string);
    table[slot] = e;
    if (++size * 2 > table.length) {
      grow();
    }
    return e;
  }

  /**
   * As {@link #entry}, for the token at {@code place} on its line (0 the metric name, then each
   * label's name and value in turn). The lines of a body mostly repeat the names and many values
   * of the line before at the same places, and comparing with that entry's bytes costs less than
   * hashing and probing; a place whose token changed last time (a value unique to each line) is
   * not compared, only hashed, until a token repeats there again.
   */
  @SuppressWarnings("ReferenceEquality") // the same entry is the same token
  Entry entryAt(int place, byte[] src, int from, int to, boolean ascii) {
    if (place >= recent.length) {
      return entry(src, from, to, ascii);
    }
    Entry last = recent[place];
    int length = to - from;
    if (repeated[place] && last.length == length
        && Arrays.equals(last.source, last.offset, last.offset + length, src, from, to)) {
      return last;
    }
    Entry e = entry(src, from, to, ascii);
    repeated[place] = e == last && e.source != null;
    recent[place] = e;
    return e;
  }

  /**
   * As {@link #entryAt}'s string. A place where the last tokens were all new (a value unique to
   * each line) skips the cache for the next fifteen lines: hashing and keeping them would cost
   * more than their strings, and nothing needs them shared.
   */
  String stringAt(int place, byte[] src, int from, int to, boolean ascii) {
    if (place >= recent.length) {
      return entry(src, from, to, ascii).string;
    }
    if (newTokens[place] >= 2 && (++skipped[place] & 15) != 0) {
      return stringOf(src, from, to, ascii);
    }
    int before = size;
    String string = entryAt(place, src, from, to, ascii).string;
    newTokens[place] = size > before ? newTokens[place] + 1 : 0;
    return string;
  }

  private static String stringOf(byte[] src, int from, int to, boolean ascii) {
    return new String(
        src, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /**
   * Eight bytes per multiplication: a byte-at-a-time polynomial hash is a chain of dependent
   * multiplications that cost more than the rest of the lookup.
   */
  private static int hash(byte[] src, int from, int to) {
    long h = (long) to - from;
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      h = (h ^ (long) LONGS.get(src, i)) * GOLDEN;
    }
    long tail = 0;
    for (; i < to; i++) {
      tail = (tail << 8) | (src[i] & 0xFF);
    }
    h = (h ^ tail) * GOLDEN;
    return (int) (h ^ (h >>> 32));
  }

  private static int slot(int hash, int mask) {
    return (hash ^ (hash >>> 16)) & mask;
  }

  private void grow() {
    Entry[] old = table;
    table = new Entry[old.length * 2];
    int mask = table.length - 1;
    for (Entry e : old) {
      if (e != null) {
        int slot = slot(e.hash, mask);
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = e;
      }
    }
  }
}
