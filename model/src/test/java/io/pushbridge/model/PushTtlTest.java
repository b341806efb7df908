package io.pushbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushTtlTest {
  @Test
  void readsGoDurationsAndZeroForNever() {
    assertNull(PushTtl.parse("ttl", null));
    assertEquals(Duration.ZERO, PushTtl.parse("ttl", "0"));
    assertEquals(Duration.ofMinutes(90), PushTtl.parse("ttl", "1h30m"));
    assertEquals(Duration.ofSeconds(90), PushTtl.parse("Pushbridge-TTL", " 90s "));
  }

  @Test
  void namesTheHeaderInItsMessages() {
    assertEquals("invalid ttl header \"5\": time: missing unit in duration \"5\" (expected a duration such as 90s, 5m or 1h30m; 0 for never)",
        assertThrows(InvalidPushException.class, () -> PushTtl.parse("ttl", "5")).getMessage());
    assertEquals("invalid ttl header \"-1s\": the TTL must not be negative (0 for never)",
        assertThrows(InvalidPushException.class, () -> PushTtl.parse("ttl", "-1s")).getMessage());
  }

  @Test
  void aRequestCarriesItsTtl() {
    PushRequest push = new PushRequest(GroupingKey.parsePath("job/a"), PushMethod.PUT, List.of(), 1);
    assertNull(push.ttl());
    assertEquals(Duration.ofMinutes(5), push.withTtl(Duration.ofMinutes(5)).ttl());
    assertEquals(push, push.withTtl(Duration.ofMinutes(5)).withTtl(null));
  }
}
