package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProtobufRoundTripTest {

  @Test
  void parsingWhatWasRenderedGivesTheGatheredFamiliesBack() {
    RandomFamilies random = new RandomFamilies(1);
    for (int i = 0; i < 3000; i++) {
      List<MetricFamily> families = random.next();
      ByteArrayBuilder out = new ByteArrayBuilder();
      ProtobufRenderer.render(families, out);
      assertEquals(RandomFamilies.normalized(families), ProtobufParser.parse(out.toByteArray()));
    }
  }

  @Test
  void renderingFamilyByFamilyKeepsOrderAndEmptyFamilies() {
    RandomFamilies random = new RandomFamilies(2);
    for (int i = 0; i < 3000; i++) {
      List<MetricFamily> families = random.next();
      ByteArrayBuilder out = new ByteArrayBuilder();
      for (MetricFamily family : families) {
        ProtobufRenderer.renderFamily(family, out);
      }
      assertEquals(families, ProtobufParser.parse(out.toByteArray()));
    }
  }

  @Test
  void randomBytesFailOnlyWithPushErrors() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 50_000; i++) {
      byte[] body = new byte[random.nextInt(0, 48)];
      for (int j = 0; j < body.length; j++) {
        body[j] = (byte) random.nextInt(256);
      }
      parseExpectingOnlyPushErrors(body);
    }
  }

  @Test
  void mutatedValidBodiesFailOnlyWithPushErrors() {
    RandomFamilies families = new RandomFamilies(4);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      ByteArrayBuilder out = new ByteArrayBuilder();
      ProtobufRenderer.render(families.next(), out);
      byte[] body = out.toByteArray();
      if (body.length == 0) {
        continue;
      }
      switch (random.nextInt(4)) {
        case 0 -> body = Arrays.copyOf(body, random.nextInt(body.length));
        case 1 -> body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
        case 2 -> body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        default -> {
          int at = random.nextInt(body.length);
          byte[] longer = new byte[body.length + 1];
          System.arraycopy(body, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(body, at, longer, at + 1, body.length - at);
          body = longer;
        }
      }
      parseExpectingOnlyPushErrors(body);
    }
  }

  /**
   * A bad body fails with a push error; a body accepted, however damaged, renders back into one
   * that parses to the same families: what the store keeps of it, native buckets included, a
   * scraper can read.
   */
  private static void parseExpectingOnlyPushErrors(byte[] body) {
    try {
      List<MetricFamily> accepted = ProtobufParser.parse(body);
      ByteArrayBuilder rendered = new ByteArrayBuilder();
      for (MetricFamily family : accepted) {
        ProtobufRenderer.renderFamily(family, rendered);
      }
      assertEquals(accepted, ProtobufParser.parse(rendered.toByteArray()), Arrays.toString(body));
    } catch (MetricsParseException | InconsistentMetricsException expected) {
      // the two outcomes a bad body may have
    } catch (RuntimeException e) {
      fail("unexpected " + e + " for " + Arrays.toString(body), e);
    }
  }
}
