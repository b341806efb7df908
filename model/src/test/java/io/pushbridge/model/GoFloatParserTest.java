package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoFloatParserTest {

  private static double parse(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    return GoFloatParser.parse(bytes, 0, bytes.length);
  }

  private static void assertParses(double expected, String s) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(parse(s)), s);
  }

  private static void assertRejects(String s) {
    assertThrows(NumberFormatException.class, () -> parse(s), s);
  }

  @Test
  void acceptsInfinityAndNanSpellingsCaseInsensitively() {
    for (String s : new String[] {"inf", "Inf", "INF", "+inf", "+Inf", "infinity", "+Infinity",
        "INFINITY", "iNfInItY"}) {
      assertParses(Double.POSITIVE_INFINITY, s);
    }
    for (String s : new String[] {"-inf", "-Inf", "-infinity", "-INFINITY"}) {
      assertParses(Double.NEGATIVE_INFINITY, s);
    }
    for (String s : new String[] {"NaN", "nan", "NAN", "nAn"}) {
      assertTrue(Double.isNaN(parse(s)), s);
    }
  }

  @Test
  void rejectsSignedNanAndPartialOrPaddedSpecials() {
    for (String s : new String[] {"+nan", "-nan", "+NaN", "infinit", "infx", "in", "na", "nanx",
        "infinityy", "Infinity ", " inf", "++inf", "-+inf"}) {
      assertRejects(s);
    }
  }

  @Test
  void acceptsDecimalForms() {
    assertParses(1, "1");
    assertParses(-1, "-1");
    assertParses(1, "+1");
    assertParses(0.5, ".5");
    assertParses(5, "5.");
    assertParses(-0.0, "-0");
    assertParses(-0.0, "-0.000e5");
    assertParses(0, "0e999999999");
    assertParses(1500, "1.5e3");
    assertParses(1500, "1.5E+3");
    assertParses(0.0015, "1.5e-3");
    assertParses(12, "00012");
    assertParses(Double.parseDouble("1e23"), "1e23");
    assertParses(Double.parseDouble("8.41e21"), "8.41e21");
    assertParses(Double.MAX_VALUE, "1.7976931348623157e308");
    assertParses(Double.MAX_VALUE, "1.7976931348623158e308");
    assertParses(Double.MIN_VALUE, "4.9e-324");
    assertParses(Double.MIN_VALUE, "2.4703282292062328e-324");
    assertParses(0, "2.4703282292062327e-324");
    assertParses(0, "1e-400");
    assertParses(-0.0, "-1e-400");
  }

  @Test
  void rejectsWhatExpfmtOrGoRejects() {
    for (String s : new String[] {"", "+", "-", ".", "+.", "e5", ".e5", "1e", "1e+", "1e-",
        "1.2.3", "1..2", "1_000", "1_0", "_1", "0x10", "0X1A", "0x1p4", "0x1P-2", "0x", "1p4",
        "1d", "1f", "1D", "1L", " 1", "1 ", "1\r", "１", "1e5.5", "--1", "+-1", "1,5",
        "1e400", "-1e400", "1.7976931348623159e308", "1e100000", "Infinity1"}) {
      assertRejects(s);
    }
  }

  @Test
  void saturatesHugeExponentsAsGoDoes() {
    // Go stops reading exponent digits at 10000: this decimal is 1, yet Go reads it as zero.
    String body = "0." + "0".repeat(100_001) + "1e100002";
    assertParses(0, body);
  }

  @Test
  void roundsHalfwayCasesToEven() {
    assertParses(9007199254740992.0, "9007199254740993");
    assertParses(1.0, "1.00000000000000011102230246251565404236316680908203125");
    assertParses(Math.nextUp(1.0), "1.00000000000000011102230246251565404236316680908203126");
    assertParses(Math.nextUp(1.0),
        "1.000000000000000111022302462515654042363166809082031250000000000000000001");
  }

  @Test
  void roundsLongMantissasCorrectly() {
    assertParses(1.2345678901234568e29, "123456789012345678901234567890");
    assertParses(0.1, "0.1000000000000000055511151231257827021181583404541015625");
    assertParses(2.2250738585072014e-308, "2.2250738585072014e-308");
    assertParses(2.225073858507201e-308, "2.2250738585072011e-308");
  }

  @Test
  void agreesWithCorrectRoundingOnRandomDecimals() {
    Random random = new Random(42);
    for (int i = 0; i < 60_000; i++) {
      String s = randomDecimal(random);
      // BigDecimal has no negative zero, so the sign is applied after rounding.
      boolean negative = s.startsWith("-");
      double magnitude = new BigDecimal(negative ? s.substring(1) : s).doubleValue();
      double expected = negative ? -magnitude : magnitude;
      if (Double.isInfinite(expected)) {
        assertRejects(s);
      } else {
        assertParses(expected, s);
      }
    }
  }

  @Test
  void agreesOnRandomDoublesPrintedShortestAndLong() {
    Random random = new Random(7);
    for (int i = 0; i < 50_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      assertParses(d, Double.toString(d));
      if (i % 10 == 0) {
        assertParses(d, new BigDecimal(d).toString());
      }
    }
  }

  private static String randomDecimal(Random random) {
    StringBuilder sb = new StringBuilder();
    if (random.nextBoolean()) {
      sb.append('-');
    }
    int digits = 1 + switch (random.nextInt(4)) {
      case 0 -> random.nextInt(5);
      case 1 -> random.nextInt(17);
      case 2 -> random.nextInt(25);
      default -> random.nextInt(800);
    };
    int point = random.nextInt(digits + 1);
    for (int i = 0; i < digits; i++) {
      if (i == point) {
        sb.append('.');
      }
      sb.append((char) ('0' + random.nextInt(10)));
    }
    int exponentKind = random.nextInt(3);
    if (exponentKind > 0) {
      int bound = exponentKind == 1 ? 30 : 700;
      sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(2 * bound) - bound);
    }
    return sb.toString();
  }

  @Test
  void computesTheSamePowersOfTenAsGosTable() {
    assertRow(-348, 0xFA8FD5A0081C0288L, 0x1732C869CD60E453L);
    assertRow(-342, 0xEEF453D6923BD65AL, 0x113FAA2906A13B3FL);
    assertRow(-2, 0xA3D70A3D70A3D70AL, 0x3D70A3D70A3D70A3L);
    assertRow(-1, 0xCCCCCCCCCCCCCCCCL, 0xCCCCCCCCCCCCCCCCL);
    assertRow(0, 0x8000000000000000L, 0L);
    assertRow(43, 0xE596B7B0C643C719L, 0x6D9CCD05D0000000L);
  }

  private static void assertRow(int exp10, long hi, long lo) {
    assertEquals(hi, GoFloatParser.POW10_HI[exp10 - GoFloatParser.MIN_EXP10], "hi of 1e" + exp10);
    assertEquals(lo, GoFloatParser.POW10_LO[exp10 - GoFloatParser.MIN_EXP10], "lo of 1e" + exp10);
  }

  @Test
  void eiselLemireIsEitherExactOrUndecided() {
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      long mantissa = random.nextLong() >>> random.nextInt(64);
      if (mantissa == 0) {
        continue;
      }
      int exp10 = random.nextInt(GoFloatParser.MAX_EXP10 - GoFloatParser.MIN_EXP10 + 1)
          + GoFloatParser.MIN_EXP10;
      double result = GoFloatParser.eiselLemire(mantissa, exp10, false);
      if (!Double.isNaN(result)) {
        double expected =
            new BigDecimal(Long.toUnsignedString(mantissa) + "e" + exp10).doubleValue();
        assertEquals(expected, result, mantissa + "e" + exp10);
      }
    }
  }
}
