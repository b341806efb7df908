package io.pushbridge.model;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} (spec §15): the shortest decimal that reads
 * back as the same double, closest to the exact value when several are equally short, written in
 * exponent form ({@code 1.5e+06}, at least two exponent digits) when the decimal exponent is below
 * -4 or at least 6, plain otherwise.
 *
 * <p>Java 17's {@link Double#toString(double)} cannot be reused: it sometimes emits more digits than
 * needed (JDK-4511638, fixed only in JDK 19) and never fewer than two ({@code 4.9E-324} where Go
 * writes {@code 5e-324}). The digits come from our implementation of Giulietti's Schubfach
 * algorithm ("The Schubfach way to render doubles", 2020), extended to accept one-digit results.
 */
public final class GoFloat {
  private GoFloat() {}

  /** The longest output: sign, 17 digits, point, {@code e-308}. */
  static final int MAX_LENGTH = 25;

  private static final int Q_MIN = -1074;
  private static final long C_MIN = 1L << 52;
  private static final int K_MIN = -324;
  private static final int K_MAX = 292;
  private static final long MASK_63 = (1L << 63) - 1;

  /**
   * For every k in [K_MIN, K_MAX] the 126-bit g = floor(10^-k * 2^(125 - floor(log2 10^-k))) + 1,
   * as two 63-bit halves: g1 at [2i], g0 at [2i + 1], i = k - K_MIN. Computed once, exactly.
   */
  private static final long[] G = powersOfTen();

  /** As the text exposition writes a value: {@code +Inf}, {@code -Inf}, {@code NaN}, {@code 0} for -0. */
  public static String format(double v) {
    byte[] buf = new byte[MAX_LENGTH];
    return new String(buf, 0, write(v, true, buf), StandardCharsets.ISO_8859_1);
  }

  /** As the JSON API writes a value (Go's {@code %v}): like {@link #format} but -0 is {@code -0}. */
  public static String formatJson(double v) {
    byte[] buf = new byte[MAX_LENGTH];
    return new String(buf, 0, write(v, false, buf), StandardCharsets.ISO_8859_1);
  }

  /** Appends {@link #format(double)} of {@code v} without creating a String. */
  static void append(double v, ByteArrayBuilder out) {
    if (v == 0) {
      out.append((byte) '0');
    } else if (v == 1) {
      out.append((byte) '1');
    } else {
      byte[] buf = out.reserve(MAX_LENGTH);
      out.setSize(write(v, true, buf, out.size()));
    }
  }

  /**
   * Appends an unsigned 64-bit count the way upstream writes counts: converted to a double first,
   * so {@code 1234567} becomes {@code 1.234567e+06} (verified on 1.5.1).
   */
  static void appendUnsigned(long count, ByteArrayBuilder out) {
    append(unsignedToDouble(count), out);
  }

  /** Go's {@code float64(uint64)}: rounds to nearest, ties to even. */
  static double unsignedToDouble(long u) {
    if (u >= 0) {
      return u;
    }
    // Halve with the lost bit kept as a sticky bit, so the single rounding below is still correct.
    return (double) ((u >>> 1) | (u & 1)) * 2.0;
  }

  /** Writes {@code v} into {@code buf} from index 0 and returns the length. */
  static int write(double v, boolean negativeZeroAsZero, byte[] buf) {
    return write(v, negativeZeroAsZero, buf, 0);
  }

  /** Writes {@code v} into {@code buf} from index {@code from} and returns where it ends. */
  private static int write(double v, boolean negativeZeroAsZero, byte[] buf, int from) {
    long bits = Double.doubleToRawLongBits(v);
    int pos = from;
    if (Double.isNaN(v)) {
      return ascii("NaN", buf, pos);
    }
    if (bits < 0) {
      if (v == 0 && negativeZeroAsZero) {
        buf[pos] = '0';
        return pos + 1;
      }
      buf[pos++] = '-';
    } else if (v == Double.POSITIVE_INFINITY) {
      return ascii("+Inf", buf, pos);
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return ascii("Inf", buf, pos);
    }
    if (v == 0) {
      buf[pos] = '0';
      return pos + 1;
    }
    return writePositive(bits & Long.MAX_VALUE, buf, pos);
  }

  private static int ascii(String s, byte[] buf, int pos) {
    for (int i = 0; i < s.length(); i++) {
      buf[pos + i] = (byte) s.charAt(i);
    }
    return pos + s.length();
  }

  private static int writePositive(long bits, byte[] buf, int pos) {
    int biasedExponent = (int) (bits >>> 52);
    long fraction = bits & (C_MIN - 1);
    if (biasedExponent == 0) {
      return schubfach(fraction, Q_MIN, buf, pos);
    }
    long c = fraction | C_MIN;
    int q = biasedExponent - 1075;
    if (q <= 0 && q > -53) {
      // Integers below 2^53 have a spacing of at most 1, so their own digits are the shortest.
      long integer = c >> -q;
      if (integer << -q == c) {
        return writeDecimal(integer, 0, buf, pos);
      }
    }
    return schubfach(c, q, buf, pos);
  }

  /**
   * The shortest decimal in the rounding interval of c * 2^q. Every quantity is scaled by 4 so that
   * the interval bounds (half-way to the neighbours) are integers; vb, vbl and vbr are the value and
   * the bounds times 10^-k, rounded to odd so that comparisons with integers stay exact.
   */
  private static int schubfach(long c, int q, byte[] buf, int pos) {
    long out = c & 1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
      cbl = cb - 2;
      k = floorLog10Pow2(q);
    } else {
      // At a power of two the neighbour below is twice as close as the one above.
      cbl = cb - 1;
      k = floorLog10ThreeQuartersPow2(q);
    }
    int h = q + floorLog2Pow10(-k) + 2;
    int index = (k - K_MIN) << 1;
    long g1 = G[index];
    long g0 = G[index + 1];
    long vb = roundToOdd(g1, g0, cb << h);
    long vbl = roundToOdd(g1, g0, cbl << h);
    long vbr = roundToOdd(g1, g0, cbr << h);

    long s = vb >> 2;
    // One digit fewer than s: a multiple of ten next to s. The interval is narrower than ten units,
    // so at most one of the two can lie in it.
    long sp10 = s / 10 * 10;
    long tp10 = sp10 + 10;
    boolean sp10In = vbl + out <= sp10 << 2;
    boolean tp10In = (tp10 << 2) + out <= vbr;
    if (sp10In != tp10In) {
      return writeDecimal(sp10In ? sp10 : tp10, k, buf, pos);
    }
    long t = s + 1;
    boolean sIn = vbl + out <= s << 2;
    boolean tIn = (t << 2) + out <= vbr;
    if (sIn != tIn) {
      return writeDecimal(sIn ? s : t, k, buf, pos);
    }
    long cmp = vb - ((s + t) << 1);
    return writeDecimal(cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k, buf, pos);
  }

  /** Round to odd of g * cp / 2^127, where g = g1 * 2^63 + g0 and cp < 2^63. */
  private static long roundToOdd(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | (((z & MASK_63) + MASK_63) >>> 63);
  }

  /** floor(q * log10(2)) for |q| ≤ 2^12, by a fixed-point multiplication (checked in tests). */
  static int floorLog10Pow2(int q) {
    return (int) ((q * 661_971_961_083L) >> 41);
  }

  /** floor(log10(3/4 * 2^q)) for |q| ≤ 2^12. */
  static int floorLog10ThreeQuartersPow2(int q) {
    return (int) ((q * 661_971_961_083L - 274_743_187_321L) >> 41);
  }

  /** floor(e * log2(10)) for |e| ≤ 2^10. */
  static int floorLog2Pow10(int e) {
    return (int) ((e * 913_124_641_741L) >> 38);
  }

  /** Writes f * 10^e (f > 0, possibly with trailing zeros) the way Go's 'g' with shortest precision does. */
  private static int writeDecimal(long f, int e, byte[] buf, int pos) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    int n = digitCount(f);
    int exp = e + n - 1;
    if (exp < -4 || exp >= 6) {
      // d[.ddd]e±XX: write the digits shifted right by one, then pull the first one left of the point.
      int end = pos + n + 1;
      writeDigits(f, buf, end);
      buf[pos] = buf[pos + 1];
      if (n > 1) {
        buf[pos + 1] = '.';
      } else {
        end--;
      }
      return writeExponent(exp, buf, end);
    }
    if (e >= 0) {
      int end = pos + n;
      writeDigits(f, buf, end);
      for (int i = 0; i < e; i++) {
        buf[end++] = '0';
      }
      return end;
    }
    if (exp >= 0) {
      int end = pos + n + 1;
      int pointAt = pos + exp + 1;
      writeDigits(f, buf, end);
      System.arraycopy(buf, pos + 1, buf, pos, exp + 1);
      buf[pointAt] = '.';
      return end;
    }
    buf[pos++] = '0';
    buf[pos++] = '.';
    for (int i = -1; i > exp; i--) {
      buf[pos++] = '0';
    }
    int end = pos + n;
    writeDigits(f, buf, end);
    return end;
  }

  /** Writes the decimal digits of f > 0 so that the last one lands at {@code end - 1}. */
  private static void writeDigits(long f, byte[] buf, int end) {
    int i = end;
    do {
      buf[--i] = (byte) ('0' + (int) (f % 10));
      f /= 10;
    } while (f != 0);
  }

  private static int writeExponent(int exp, byte[] buf, int pos) {
    buf[pos++] = 'e';
    if (exp < 0) {
      buf[pos++] = '-';
      exp = -exp;
    } else {
      buf[pos++] = '+';
    }
    if (exp >= 100) {
      buf[pos++] = (byte) ('0' + exp / 100);
      exp %= 100;
    }
    buf[pos++] = (byte) ('0' + exp / 10);
    buf[pos++] = (byte) ('0' + exp % 10);
    return pos;
  }

  private static int digitCount(long f) {
    int n = 1;
    long limit = 10;
    while (n < 19 && f >= limit) {
      n++;
      limit *= 10;
    }
    return n;
  }

  private static long[] powersOfTen() {
    long[] g = new long[(K_MAX - K_MIN + 1) << 1];
    BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
    for (int k = K_MIN; k <= K_MAX; k++) {
      int e = -k;
      BigInteger numerator = e >= 0 ? BigInteger.TEN.pow(e) : BigInteger.ONE;
      BigInteger denominator = e >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-e);
      int shift = 125 - floorLog2Pow10(e);
      if (shift >= 0) {
        numerator = numerator.shiftLeft(shift);
      } else {
        denominator = denominator.shiftLeft(-shift);
      }
      BigInteger value = numerator.divide(denominator).add(BigInteger.ONE);
      int i = (k - K_MIN) << 1;
      g[i] = value.shiftRight(63).longValueExact();
      g[i + 1] = value.and(mask63).longValueExact();
    }
    return g;
  }

  /** For tests: the table entry for k as one number. */
  static BigInteger tableEntry(int k) {
    int i = (k - K_MIN) << 1;
    return BigInteger.valueOf(G[i]).shiftLeft(63).or(BigInteger.valueOf(G[i + 1]));
  }

  static int minK() {
    return K_MIN;
  }

  static int maxK() {
    return K_MAX;
  }
}
