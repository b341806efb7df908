package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupingKeyTest {

  private static String labelsOf(String path) {
    return GroupingKey.parsePath(path).labels().toString();
  }

  private static String rejection(String path) {
    return assertThrows(InvalidGroupingKeyException.class, () -> GroupingKey.parsePath(path))
        .getMessage();
  }

  @Test
  void parsesJobAndLabelsInAnyOrder() {
    assertEquals(GroupingKey.parsePath("job/a/x/1/y/2"), GroupingKey.parsePath("job/a/y/2/x/1"));
    assertEquals("{job=\"a\",x=\"1\",y=\"2\"}", labelsOf("job/a/y/2/x/1"));
  }

  @Test
  void trailingSlashAfterJobAddsNoLabel() {
    assertEquals("{job=\"a\"}", labelsOf("job/a/"));
  }

  @Test
  void trailingSlashAfterNameIsAnEmptyValue() {
    assertEquals("{job=\"a\",lbl=\"\"}", labelsOf("job/a/lbl/"));
  }

  @ParameterizedTest
  @CsvSource({"YQ", "YQ=", "YQ==", "YQ==="})
  void base64PaddingIsOptional(String encoded) {
    assertEquals("{job=\"a\"}", labelsOf("job@base64/" + encoded));
  }

  @Test
  void base64EqualsSignIsTheEmptyValue() {
    assertEquals(
        "{first=\"\",job=\"ex\",second=\"foo\"}", labelsOf("job/ex/first@base64/=/second/foo"));
  }

  @Test
  void base64ValueMayHoldSlashes() {
    assertEquals("{job=\"cleaner\",path=\"/var/tmp\"}", labelsOf("job/cleaner/path@base64/L3Zhci90bXA"));
  }

  @Test
  void rejectsEmptyBase64Job() {
    assertEquals("job name is required", rejection("job@base64/="));
  }

  @Test
  void rejectsInvalidBase64JobQuotingWhatWasDecoded() {
    assertEquals(
        "invalid base64 encoding in job name \"abc\": illegal base64 data at input byte 4",
        rejection("job@base64/YWJj!"));
    assertEquals(
        "invalid base64 encoding in job name \"\": illegal base64 data at input byte 2",
        rejection("job@base64/YQ+"));
  }

  @Test
  void rejectsInvalidBase64LabelQuotingTheRawValue() {
    assertEquals(
        "invalid base64 encoding for label x=\"*\": illegal base64 data at input byte 0",
        rejection("job/j/x@base64/*"));
  }

  @Test
  void rejectsOddNumberOfComponents() {
    assertEquals("odd number of components in label string \"/x\"", rejection("job/a/x"));
  }

  @Test
  void encodedSlashActsAsSeparator() {
    assertEquals("odd number of components in label string \"/b\"", rejection("job/a%2Fb"));
  }

  @ParameterizedTest
  @CsvSource({"__x", "a-b", "x.", "1a"})
  void rejectsImproperLabelNames(String name) {
    assertEquals("improper label name \"" + name + "\"", rejection("job/a/" + name + "/v"));
  }

  @Test
  void rejectsImproperNameEvenWithBase64Suffix() {
    assertEquals("improper label name \"__x\"", rejection("job/a/__x@base64/YQ"));
  }

  @Test
  void errorsInLabelsWinOverEmptyJob() {
    assertEquals("odd number of components in label string \"/x\"", rejection("job@base64/=/x"));
  }

  @Test
  void repeatedLabelKeepsTheLastValue() {
    assertEquals("{job=\"a\",x=\"2\"}", labelsOf("job/a/x/1/x/2"));
  }

  @Test
  void jobInsideTheRemainderLoses() {
    assertEquals("{job=\"a\"}", labelsOf("job/a/job/b"));
  }

  @Test
  void percentDecodesButKeepsPlus() {
    assertEquals("{job=\"a b\",x=\"a+b\"}", labelsOf("job/a%20b/x/a+b"));
    assertEquals("{job=\"Ünï\",x=\"ü\"}", labelsOf("job/%C3%9Cn%C3%AF/x/%C3%BC"));
  }

  @Test
  void rejectsBrokenPercentEscape() {
    assertTrue(rejection("job/a%zz").startsWith("invalid URL escape"));
  }

  @Test
  void emptyInstanceIsADifferentGroup() {
    assertNotEquals(GroupingKey.parsePath("job/a"), GroupingKey.parsePath("job/a/instance@base64/="));
  }

  @Test
  void pathFormRoundTrips() {
    Random random = new Random(42);
    String alphabet = "ab/ .=+%é_-~Z9";
    for (int i = 0; i < 2000; i++) {
      String[] nv = {"job", randomValue(random, alphabet, 1), "x", randomValue(random, alphabet, 0),
          "instance", randomValue(random, alphabet, 0)};
      GroupingKey key = GroupingKey.of(Labels.of(nv));
      assertEquals(key, GroupingKey.parsePath(key.toPath()), key.toPath());
    }
  }

  @Test
  void plainValuesStayReadableInPathForm() {
    assertEquals("job/batch/instance/host-1", GroupingKey.parsePath("job/batch/instance/host-1").toPath());
    assertEquals("job/a/x@base64/=", GroupingKey.parsePath("job/a/x@base64/=").toPath());
  }

  @Test
  void byteEncodingRoundTripsAndOrdersLikeUpstreamKeys() {
    GroupingKey a = GroupingKey.parsePath("job/a/x/1");
    GroupingKey b = GroupingKey.parsePath("job/b");
    assertEquals(a, GroupingKey.fromBytes(a.toBytes()));
    assertArrayEquals(a.toBytes(), GroupingKey.fromBytes(a.toBytes()).toBytes());
    assertTrue(a.compareTo(b) < 0);
  }

  @Test
  void fromBytesLeavesTheArrayToTheCaller() {
    GroupingKey ascii = GroupingKey.parsePath("job/a/x/1");
    GroupingKey utf8 = GroupingKey.parsePath("job/ä/x/é");
    for (GroupingKey key : List.of(ascii, utf8)) {
      byte[] bytes = key.toBytes();
      GroupingKey read = GroupingKey.fromBytes(bytes);
      Arrays.fill(bytes, (byte) 'z');
      assertEquals(key, read);
      assertArrayEquals(key.toBytes(), read.toBytes());
    }
  }

  @Test
  void decoderReadsKeysBackSharingTheLabelNamesOfTheKeyBefore() {
    GroupingKey.Decoder decoder = new GroupingKey.Decoder();
    GroupingKey a = GroupingKey.parsePath("job/a/instance/1");
    GroupingKey b = GroupingKey.parsePath("job/b/instance/2");
    GroupingKey c = GroupingKey.parsePath("job/c/zone/3");
    GroupingKey ra = decoder.decode(a.toBytes());
    GroupingKey rb = decoder.decode(b.toBytes());
    GroupingKey rc = decoder.decode(c.toBytes());
    assertEquals(a, ra);
    assertEquals(b, rb);
    assertEquals(c, rc);
    assertEquals(b.labels(), rb.labels());
    assertEquals(c.labels(), rc.labels());
    assertSame(ra.labels().name(0), rb.labels().name(0));
    assertSame(ra.labels().name(1), rb.labels().name(1));
    assertEquals("zone", rc.labels().name(1));
  }

  @Test
  void decoderRejectsWhatIsNoEncodedKey() {
    GroupingKey.Decoder decoder = new GroupingKey.Decoder();
    GroupingKey utf8 = GroupingKey.parsePath("job/ä/x/é");
    assertEquals(utf8, decoder.decode(utf8.toBytes()));
    byte[] odd = {'j', 'o', 'b', (byte) 0xFF};
    assertThrows(IllegalArgumentException.class, () -> new GroupingKey.Decoder().decode(odd));
  }

  @Test
  void decoderRejectsUnsortedNamesEveryTime() {
    GroupingKey.Decoder decoder = new GroupingKey.Decoder();
    byte[] unsorted = "job\u00ffx\u00ffa\u00ff1\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(IllegalArgumentException.class, () -> decoder.decode(unsorted));
    assertThrows(IllegalArgumentException.class, () -> decoder.decode(unsorted.clone()));
  }

  private static String randomValue(Random random, String alphabet, int minLength) {
    int length = minLength + random.nextInt(6);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
