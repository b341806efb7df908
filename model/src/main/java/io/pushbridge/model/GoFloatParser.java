package io.pushbridge.model;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads a float the way upstream's text parser does: Go's {@code strconv.ParseFloat(s, 64)},
 * except that expfmt refuses any string containing {@code p}, {@code P} or {@code _} first. That
 * refusal leaves no hexadecimal float standing (Go needs a {@code p} exponent for those) and no
 * digit separators, so the accepted language is: an optional sign and {@code inf} or
 * {@code infinity}, or {@code nan} without sign, all case-insensitive; or a decimal with an
 * optional exponent. A finite decimal that rounds to infinity is an error, as Go's
 * {@code ErrRange} is; one that rounds to zero is not.
 *
 * <p>Works on bytes so that the text parser never builds a String for a value. Decimals take
 * Go's route: an exact fast path, then Eisel-Lemire, then a correctly rounded fallback.
 */
final class GoFloatParser {
  private GoFloatParser() {}

  /** Go keeps at most this many significant digits in its uint64 mantissa. */
  private static final int MAX_MANTISSA_DIGITS = 19;

  /** Go stops accumulating an exponent once it reaches this, so huge exponents saturate. */
  private static final int EXPONENT_SATURATION = 10_000;

  static final int MIN_EXP10 = -348;
  static final int MAX_EXP10 = 347;

  /** The 128-bit mantissas of 10^q, rounded down, high and low halves, for q from MIN_EXP10. */
  static final long[] POW10_HI = new long[MAX_EXP10 - MIN_EXP10 + 1];

  static final long[] POW10_LO = new long[MAX_EXP10 - MIN_EXP10 + 1];

  private static final double[] EXACT_POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  static {
    BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    BigInteger five = BigInteger.valueOf(5);
    BigInteger power = BigInteger.ONE;
    for (int q = 0; q <= MAX_EXP10; q++) {
      // 10^q = 5^q * 2^q, so both share the normalised mantissa of 5^q.
      int shift = power.bitLength() - 128;
      store(q, shift > 0 ? power.shiftRight(shift) : power.shiftLeft(-shift), mask64);
      power = power.multiply(five);
    }
    power = five;
    for (int q = -1; q >= MIN_EXP10; q--) {
      // floor(2^k / 5^-q) with k chosen so that the quotient has exactly 128 bits.
      store(q, BigInteger.ONE.shiftLeft(127 + power.bitLength()).divide(power), mask64);
      power = power.multiply(five);
    }
  }

  private static void store(int q, BigInteger mantissa, BigInteger mask64) {
    POW10_HI[q - MIN_EXP10] = mantissa.shiftRight(64).longValue();
    POW10_LO[q - MIN_EXP10] = mantissa.and(mask64).longValue();
  }

  /**
   * The value of {@code s[from, to)}.
   *
   * @throws NumberFormatException when upstream's parser would reject it
   */
  static double parse(byte[] s, int from, int to) {
    if (from >= to) {
      throw invalid(s, from, to);
    }
    int i = from;
    boolean negative = false;
    if (s[i] == '+' || s[i] == '-') {
      negative = s[i] == '-';
      i++;
    }
    if (i < to) {
      int first = s[i] | 0x20;
      if (first == 'i' || first == 'n') {
        return special(s, from, i, to, negative);
      }
    }
    return decimal(s, from, i, to, negative);
  }

  private static double special(byte[] s, int from, int i, int to, boolean negative) {
    int length = to - i;
    if ((length == 3 || length == 8) && matchesIgnoringCase(s, i, "infinity", length)) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    // Go lets a sign precede an infinity only.
    if (i == from && length == 3 && matchesIgnoringCase(s, i, "nan", 3)) {
      return Double.NaN;
    }
    throw invalid(s, from, to);
  }

  private static boolean matchesIgnoringCase(byte[] s, int i, String word, int length) {
    for (int k = 0; k < length; k++) {
      if ((s[i + k] | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static double decimal(byte[] s, int from, int start, int to, boolean negative) {
    long mantissa = 0;
    int mantissaDigits = 0;
    int digits = 0;
    int pointPosition = 0;
    boolean sawDot = false;
    boolean sawDigits = false;
    boolean truncated = false;
    int i = start;
    for (; i < to; i++) {
      byte c = s[i];
      if (c == '.') {
        if (sawDot) {
          break;
        }
        sawDot = true;
        pointPosition = digits;
      } else if (c >= '0' && c <= '9') {
        sawDigits = true;
        if (c == '0' && digits == 0) {
          pointPosition--;
          continue;
        }
        digits++;
        if (mantissaDigits < MAX_MANTISSA_DIGITS) {
          mantissa = mantissa * 10 + (c - '0');
          mantissaDigits++;
        } else if (c != '0') {
          truncated = true;
        }
      } else {
        break;
      }
    }
    if (!sawDigits) {
      throw invalid(s, from, to);
    }
    if (!sawDot) {
      pointPosition = digits;
    }
    int mantissaEnd = i;
    if (i < to && (s[i] | 0x20) == 'e') {
      i++;
      if (i < to && (s[i] == '+' || s[i] == '-')) {
        i++;
      }
      if (i >= to || s[i] < '0' || s[i] > '9') {
        throw invalid(s, from, to);
      }
      boolean negativeExponent = s[i - 1] == '-';
      int exponent = 0;
      for (; i < to && s[i] >= '0' && s[i] <= '9'; i++) {
        if (exponent < EXPONENT_SATURATION) {
          exponent = exponent * 10 + (s[i] - '0');
        }
      }
      pointPosition += negativeExponent ? -exponent : exponent;
    }
    if (i != to) {
      throw invalid(s, from, to);
    }
    if (mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    int exp10 = pointPosition - mantissaDigits;
    double value = convert(mantissa, exp10, truncated, negative);
    if (Double.isNaN(value)) {
      value = fallback(s, start, mantissaEnd, pointPosition, negative);
    }
    if (Double.isInfinite(value)) {
      throw invalid(s, from, to);
    }
    return value;
  }

  /** The correctly rounded value, or NaN when the fast algorithms cannot decide. */
  private static double convert(long mantissa, int exp10, boolean truncated, boolean negative) {
    if (exp10 > MAX_EXP10) {
      // At least 10^348: far beyond the largest double.
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (exp10 < MIN_EXP10) {
      // Below 10^19 * 10^-349: rounds to zero.
      return negative ? -0.0 : 0.0;
    }
    if (!truncated) {
      double exact = exact(mantissa, exp10, negative);
      if (!Double.isNaN(exact)) {
        return exact;
      }
    }
    double value = eiselLemire(mantissa, exp10, negative);
    if (!truncated || Double.isNaN(value)) {
      return value;
    }
    // The dropped digits lie between mantissa and mantissa + 1; agreeing bounds settle it.
    double upper = eiselLemire(mantissa + 1, exp10, negative);
    return upper == value ? value : Double.NaN;
  }

  /** Clinger's fast path: both operands exact, so one IEEE operation rounds correctly. */
  private static double exact(long mantissa, int exp10, boolean negative) {
    if ((mantissa >>> 52) != 0) {
      return Double.NaN;
    }
    double f = negative ? -(double) mantissa : (double) mantissa;
    if (exp10 == 0) {
      return f;
    }
    if (exp10 > 0 && exp10 <= 15 + 22) {
      if (exp10 > 22) {
        f *= EXACT_POW10[exp10 - 22];
        exp10 = 22;
      }
      if (f > 1e15 || f < -1e15) {
        return Double.NaN;
      }
      return f * EXACT_POW10[exp10];
    }
    if (exp10 < 0 && exp10 >= -22) {
      return f / EXACT_POW10[-exp10];
    }
    return Double.NaN;
  }

  /**
   * The Eisel-Lemire algorithm on an unsigned 64-bit mantissa: NaN when the 128-bit product is
   * too close to a rounding boundary to decide, or the result is subnormal or infinite.
   */
  static double eiselLemire(long mantissa, int exp10, boolean negative) {
    int clz = Long.numberOfLeadingZeros(mantissa);
    long man = mantissa << clz;
    long exp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
    int row = exp10 - MIN_EXP10;
    long xHi = unsignedMultiplyHigh(man, POW10_HI[row]);
    long xLo = man * POW10_HI[row];
    if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
      long yHi = unsignedMultiplyHigh(man, POW10_LO[row]);
      long yLo = man * POW10_LO[row];
      long mergedHi = xHi;
      long mergedLo = xLo + yHi;
      if (Long.compareUnsigned(mergedLo, xLo) < 0) {
        mergedHi++;
      }
      if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0
          && Long.compareUnsigned(yLo + man, man) < 0) {
        return Double.NaN;
      }
      xHi = mergedHi;
      xLo = mergedLo;
    }
    long msb = xHi >>> 63;
    long bits = xHi >>> (msb + 9);
    exp2 -= 1 ^ msb;
    if (xLo == 0 && (xHi & 0x1FF) == 0 && (bits & 3) == 1) {
      return Double.NaN;
    }
    bits += bits & 1;
    bits >>>= 1;
    if ((bits >>> 53) != 0) {
      bits >>>= 1;
      exp2++;
    }
    if (Long.compareUnsigned(exp2 - 1, 0x7FF - 1) >= 0) {
      return Double.NaN;
    }
    long result = exp2 << 52 | (bits & 0x000F_FFFF_FFFF_FFFFL);
    return Double.longBitsToDouble(negative ? result | Long.MIN_VALUE : result);
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /**
   * The rare hard cases: all significant digits as {@code 0.DDDe<point>}, with the point where
   * Go put it (saturated exponent included), rounded by the JDK, which rounds correctly.
   */
  private static double fallback(
      byte[] s, int start, int mantissaEnd, int pointPosition, boolean negative) {
    StringBuilder sb = new StringBuilder(mantissaEnd - start + 16);
    if (negative) {
      sb.append('-');
    }
    sb.append("0.");
    boolean leading = true;
    for (int i = start; i < mantissaEnd; i++) {
      byte c = s[i];
      if (c == '.' || (leading && c == '0')) {
        continue;
      }
      leading = false;
      sb.append((char) c);
    }
    sb.append('e').append(pointPosition);
    return Double.parseDouble(sb.toString());
  }

  private static NumberFormatException invalid(byte[] s, int from, int to) {
    return new NumberFormatException(
        "invalid float: " + new String(s, from, to - from, StandardCharsets.ISO_8859_1));
  }
}
