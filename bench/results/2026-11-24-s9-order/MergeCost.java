import java.nio.charset.StandardCharsets;
import java.util.*;

/**
 * What upstream's series order in text scrapes would cost Pushbridge at 1M series: the families of
 * bench/'s 1M-series scrape (10 families, 10,000 groups of 10 series each, labels code, instance,
 * job, method, path), each group's lines already in upstream's order as the store keeps them, merged
 * across groups with a binary heap of groups (taking lines from the top group while they stay at or
 * below the next group's line). Lines only, no output: the merge alone.
 *
 *     taskset -c 0 java -Xmx6g MergeCost.java          # labels parsed from the line at each comparison
 *     taskset -c 0 java -Xmx6g MergeCost.java cached   # their offsets computed once per line
 */
public class MergeCost {
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  static final String[] CODES = {"200", "404", "500", "503"};

  // one run per group: its lines already in upstream's order (as each slice is)
  static byte[][][] runs(int groups, int series, int f) {
    byte[][][] runs = new byte[groups][][];
    for (int g = 0; g < groups; g++) {
      List<String> lines = new ArrayList<>();
      for (int k = 0; k < series; k++) {
        lines.add("bench_m" + f + "_total{code=\"" + CODES[(k / 5) % 4] + "\",instance=\"" + g + "\",job=\"bench\",method=\""
            + METHODS[k % 5] + "\",path=\"/api/v1/items/" + k + "\"} " + (7 * k + f) + "\n");
      }
      byte[][] b = lines.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
      Arrays.sort(b, MergeCost::compareLines);
      if (cached) for (byte[] l : b) starts(l);
      runs[g] = b;
    }
    return runs;
  }

  /** Upstream's order on rendered lines: label count, then values in name order (escapes ignored here). */
  static long comparisons;

  static int compareLines(byte[] a, byte[] b) {
    comparisons++;
    if (cached) return compareCached(a, b);
    int ca = count(a), cb = count(b);
    if (ca != cb) return Integer.compare(ca, cb);
    int i = value(a, indexOf(a, (byte) '{') + 1), j = value(b, indexOf(b, (byte) '{') + 1);
    while (i > 0 && j > 0) {
      int x = i, y = j;
      while (a[x] != '"' && b[y] != '"' && a[x] == b[y]) { x++; y++; }
      if (a[x] != b[y]) {
        if (a[x] == '"') return -1;
        if (b[y] == '"') return 1;
        return (a[x] & 0xFF) - (b[y] & 0xFF);
      }
      i = next(a, x); j = next(b, y);
    }
    return 0;
  }
  /** Value starts of each line's labels, computed once: what a store keeping sort keys would hold. */
  static final IdentityHashMap<byte[], int[]> STARTS = new IdentityHashMap<>();
  static boolean cached;

  static int[] starts(byte[] a) {
    int[] s = STARTS.get(a);
    if (s == null) {
      int n = count(a);
      s = new int[n];
      int p = value(a, indexOf(a, (byte) '{') + 1);
      for (int k = 0; k < n; k++) { s[k] = p; while (a[p] != '"') p++; if (k + 1 < n) p = value(a, p + 2); }
      STARTS.put(a, s);
    }
    return s;
  }

  static int compareCached(byte[] a, byte[] b) {
    int[] sa = starts(a), sb = starts(b);
    if (sa.length != sb.length) return Integer.compare(sa.length, sb.length);
    for (int k = 0; k < sa.length; k++) {
      int x = sa[k], y = sb[k];
      while (a[x] != '"' && b[y] != '"' && a[x] == b[y]) { x++; y++; }
      if (a[x] != b[y]) {
        if (a[x] == '"') return -1;
        if (b[y] == '"') return 1;
        return (a[x] & 0xFF) - (b[y] & 0xFF);
      }
    }
    return 0;
  }

  static int indexOf(byte[] a, byte c) { for (int i = 0; i < a.length; i++) if (a[i] == c) return i; return -1; }
  static int count(byte[] a) { int n = 0; boolean q = false; for (byte c : a) { if (c == '"') { q = !q; if (q) n++; } if (c == '}') break; } return n; }
  /** Start of the value of the label starting at p. */
  static int value(byte[] a, int p) { while (a[p] != '"') p++; return p + 1; }
  /** From the closing quote at x: start of the next value, or -1. */
  static int next(byte[] a, int x) { int p = x + 1; if (a[p] == '}') return -1; return value(a, p + 1); }

  static boolean less(int x, int y, byte[][][] runs, int[] pos) {
    int c = compareLines(runs[x][pos[x]], runs[y][pos[y]]);
    return c < 0 || (c == 0 && x < y);
  }
  static void siftUp(int[] h, int i, byte[][][] runs, int[] pos) {
    int v = h[i];
    while (i > 0) { int p = (i - 1) >> 1; if (!less(v, h[p], runs, pos)) break; h[i] = h[p]; i = p; }
    h[i] = v;
  }
  static void siftDown(int[] h, int size, int i, byte[][][] runs, int[] pos) {
    if (size == 0) return;
    int v = h[i];
    while (true) {
      int c = 2 * i + 1; if (c >= size) break;
      if (c + 1 < size && less(h[c + 1], h[c], runs, pos)) c++;
      if (!less(h[c], v, runs, pos)) break;
      h[i] = h[c]; i = c;
    }
    h[i] = v;
  }

  public static void main(String[] args) {
    cached = args.length > 0 && args[0].equals("cached");
    int groups = 10000, series = 10, families = 10;
    byte[][][][] fam = new byte[families][][][];
    for (int f = 0; f < families; f++) fam[f] = runs(groups, series, f);
    for (int rep = 0; rep < 8; rep++) {
      long t0 = System.nanoTime(), bytes = 0, plain = 0, pops = 0;
      comparisons = 0;
      for (int f = 0; f < families; f++) for (byte[][] r : fam[f]) for (byte[] l : r) plain += l.length;
      long t1 = System.nanoTime();
      for (int f = 0; f < families; f++) {
        byte[][][] runs = fam[f];
        int n = runs.length;
        int[] pos = new int[n];
        int[] heap = new int[n];
        int size = 0;
        for (int g = 0; g < n; g++) { heap[size] = g; siftUp(heap, size++, runs, pos); }
        while (size > 0) {
          int g = heap[0];
          pops++;
          heap[0] = heap[--size];
          siftDown(heap, size, 0, runs, pos);
          byte[] top = size == 0 ? null : runs[heap[0]][pos[heap[0]]];
          do {
            bytes += runs[g][pos[g]].length;
            pos[g]++;
          } while (pos[g] < runs[g].length && (top == null || compareLines(runs[g][pos[g]], top) <= 0));
          if (pos[g] < runs[g].length) { heap[size] = g; siftUp(heap, size++, runs, pos); }
        }
      }
      long t2 = System.nanoTime();
      System.out.printf("reading the lines %.1f ms, merging them %.1f ms: %d bytes, %d heap pops, %d comparisons%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, bytes, pops, comparisons);
    }
  }
}
