package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Samples verified on the upstream 1.5.1 binary (spec §7.2, §15).
    "1, 1",
    "0, 0",
    "-1, -1",
    "100, 100",
    "1000, 1000",
    "123456, 123456",
    "999999, 999999",
    "1234567, 1.234567e+06",
    "1000000, 1e+06",
    "0.0001, 0.0001",
    "0.001234, 0.001234",
    "0.00001, 1e-05",
    "0.00001234, 1.234e-05",
    "123456789, 1.23456789e+08",
    "1e20, 1e+20",
    "1e21, 1e+21",
    "12345678901234567890, 1.2345678901234567e+19",
    "1795356618.0357432, 1.7953566180357432e+09",
    "3.14, 3.14",
    "3.7, 3.7",
    "1.5, 1.5",
    "0.1, 0.1",
    "4.9e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "1e100, 1e+100",
    "-2.5e-7, -2.5e-07",
    "9007199254740993, 9.007199254740992e+15",
    "9007199254740991, 9.007199254740991e+15",
    "123456.5, 123456.5",
    "0.000123, 0.000123",
    "1e23, 1e+23",
    "2e-323, 2e-323",
    "1e-322, 1e-322",
    "5e-324, 5e-324",
    "2.2250738585072014e-308, 2.2250738585072014e-308",
    "2.225073858507201e-308, 2.225073858507201e-308",
  })
  void formatsLikeGoStrconvShortestG(String input, String expected) {
    assertEquals(expected, GoFloat.format(Double.parseDouble(input)));
  }

  @Test
  void writesSpecialValuesLikeTheTextExposition() {
    assertEquals("+Inf", GoFloat.format(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", GoFloat.format(Double.NEGATIVE_INFINITY));
    assertEquals("NaN", GoFloat.format(Double.NaN));
    assertEquals("NaN", GoFloat.format(Double.longBitsToDouble(0xFFF8_0000_0000_0001L)));
    assertEquals("0", GoFloat.format(-0.0));
  }

  @Test
  void jsonFormKeepsTheSignOfNegativeZero() {
    assertEquals("-0", GoFloat.formatJson(-0.0));
    assertEquals("0", GoFloat.formatJson(0.0));
    assertEquals("+Inf", GoFloat.formatJson(Double.POSITIVE_INFINITY));
    assertEquals("1.7953566180357432e+09", GoFloat.formatJson(1.7953566180357432e9));
  }

  @Test
  void appendWritesTheSameBytesAsFormat() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    double[] values = {0, -0.0, 1, -1, 0.5, 1e6, Double.NaN, Double.NEGATIVE_INFINITY, 4.9e-324};
    StringBuilder expected = new StringBuilder();
    for (double v : values) {
      GoFloat.append(v, out);
      out.append((byte) ' ');
      expected.append(GoFloat.format(v)).append(' ');
    }
    assertEquals(expected.toString(), out.toString());
  }

  @Test
  void countsAreWrittenAsFloat64LikeUpstream() {
    ByteArrayBuilder out = new ByteArrayBuilder();
    GoFloat.appendUnsigned(1234567, out);
    out.append((byte) ' ');
    GoFloat.appendUnsigned(-1L, out);
    out.append((byte) ' ');
    GoFloat.appendUnsigned(Long.MAX_VALUE, out);
    out.append((byte) ' ');
    GoFloat.appendUnsigned(3, out);
    assertEquals("1.234567e+06 1.8446744073709552e+19 9.223372036854776e+18 3", out.toString());
  }

  @Test
  void unsignedConversionRoundsToNearestEven() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long u = random.nextLong();
      BigDecimal exact = new BigDecimal(new BigInteger(Long.toUnsignedString(u)));
      double expected = exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).doubleValue();
      double viaString = Double.parseDouble(Long.toUnsignedString(u));
      assertEquals(viaString, GoFloat.unsignedToDouble(u), () -> Long.toUnsignedString(u));
      assertTrue(Math.abs(expected - viaString) <= Math.ulp(viaString));
    }
  }

  @Test
  void logarithmApproximationsAreExactOverTheDoubleRange() {
    for (int q = -1200; q <= 1200; q++) {
      assertEquals(floorLog10(pow2(q)), GoFloat.floorLog10Pow2(q), "log10 2^" + q);
      assertEquals(
          floorLog10(pow2(q - 2).multiply(BigDecimal.valueOf(3))),
          GoFloat.floorLog10ThreeQuartersPow2(q),
          "log10 3/4 2^" + q);
    }
    for (int e = -400; e <= 400; e++) {
      int exact = e >= 0 ? BigInteger.TEN.pow(e).bitLength() - 1 : -BigInteger.TEN.pow(-e).bitLength();
      assertEquals(exact, GoFloat.floorLog2Pow10(e), "log2 10^" + e);
    }
  }

  @Test
  void powerOfTenTableHoldsOneHundredTwentySixBitOverApproximations() {
    for (int k = GoFloat.minK(); k <= GoFloat.maxK(); k++) {
      BigInteger g = GoFloat.tableEntry(k);
      assertEquals(126, g.bitLength(), "k=" + k);
      // g - 1 <= 10^-k * 2^r < g with r = 125 - floor(log2 10^-k)
      BigDecimal scaled = new BigDecimal(BigInteger.ONE).scaleByPowerOfTen(-k);
      int r = 125 - GoFloat.floorLog2Pow10(-k);
      BigDecimal exact = r >= 0
          ? scaled.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(r)))
          : scaled.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-r)));
      assertTrue(new BigDecimal(g).compareTo(exact) > 0, "k=" + k);
      assertTrue(new BigDecimal(g.subtract(BigInteger.ONE)).compareTo(exact) <= 0, "k=" + k);
    }
  }

  @Test
  void matchesTheShortestClosestOracleOnEdgeCases() {
    List<Double> values = new ArrayList<>();
    for (long c = 1; c <= 3000; c++) {
      values.add(Double.longBitsToDouble(c));
    }
    for (int e = -1074; e <= 1023; e++) {
      double p = Math.scalb(1.0, e);
      values.add(p);
      values.add(Math.nextUp(p));
      values.add(Math.nextDown(p));
    }
    for (int e = -323; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      values.add(p);
      values.add(Math.nextUp(p));
      values.add(Math.nextDown(p));
      values.add(Double.parseDouble("9.999999999999999e" + e));
    }
    for (long i = (1L << 53) - 5; i <= (1L << 53) + 5; i++) {
      values.add((double) i);
    }
    values.add(Double.MIN_NORMAL);
    values.add(Math.nextDown(Double.MIN_NORMAL));
    values.add(Double.MAX_VALUE);
    values.add(Math.nextDown(Double.MAX_VALUE));
    for (double v : values) {
      if (v == 0 || !Double.isFinite(v)) {
        continue;
      }
      checkAgainstOracle(v);
      checkAgainstOracle(-v);
    }
  }

  @Test
  void matchesTheShortestClosestOracleOnRandomDoubles() {
    SplittableRandom random = new SplittableRandom(20261123);
    for (int i = 0; i < 150_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(v) && v != 0) {
        checkAgainstOracle(v);
      }
    }
    // Short decimals stress the paths that drop digits.
    for (int i = 0; i < 60_000; i++) {
      long digits = random.nextLong(1, 10_000_000L);
      int exp = random.nextInt(-330, 300);
      double v = Double.parseDouble(digits + "e" + exp);
      if (Double.isFinite(v) && v != 0) {
        checkAgainstOracle(v);
      }
    }
  }

  /**
   * The shortest decimal that reads back as v, the closest to v's exact value among those (ties to
   * an even last digit), formatted by Go's 'g' rule.
   */
  private static void checkAgainstOracle(double v) {
    String actual = GoFloat.format(v);
    BigDecimal ours = new BigDecimal(actual);
    assertEquals(v, Double.parseDouble(actual), () -> "does not round-trip: " + actual);
    int n = ours.stripTrailingZeros().precision();
    BigDecimal exact = new BigDecimal(v);
    if (n > 1) {
      MathContext shorter = new MathContext(n - 1, RoundingMode.FLOOR);
      MathContext shorterUp = new MathContext(n - 1, RoundingMode.CEILING);
      assertTrue(
          !roundTrips(exact.round(shorter), v) && !roundTrips(exact.round(shorterUp), v),
          () -> "a shorter decimal round-trips for " + actual);
    }
    BigDecimal down = exact.round(new MathContext(n, RoundingMode.FLOOR));
    BigDecimal up = exact.round(new MathContext(n, RoundingMode.CEILING));
    BigDecimal best;
    boolean downOk = roundTrips(down, v);
    boolean upOk = roundTrips(up, v);
    if (downOk && upOk && down.compareTo(up) != 0) {
      int cmp = exact.subtract(down).compareTo(up.subtract(exact));
      boolean downEven = down.unscaledValue().testBit(0) == false;
      best = cmp < 0 || (cmp == 0 && downEven) ? down : up;
    } else {
      best = downOk ? down : up;
    }
    assertEquals(goG(best), actual, () -> "for " + exact);
  }

  private static boolean roundTrips(BigDecimal d, double v) {
    return Double.parseDouble(d.toString()) == v;
  }

  /** An independent spelling of Go's shortest 'g' layout, from a BigDecimal. */
  private static String goG(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    String sign = s.signum() < 0 ? "-" : "";
    String digits = s.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - s.scale();
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + s.abs().toPlainString();
  }

  private static BigDecimal pow2(int q) {
    return q >= 0
        ? new BigDecimal(BigInteger.ONE.shiftLeft(q))
        : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-q)));
  }

  private static int floorLog10(BigDecimal x) {
    // precision - scale - 1 is the exponent of the first digit, i.e. floor(log10 x) for x > 0
    return x.precision() - x.scale() - 1;
  }
}
