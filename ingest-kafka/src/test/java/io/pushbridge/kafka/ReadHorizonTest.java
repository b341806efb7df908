package io.pushbridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushbridge.store.SourcePartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadHorizonTest {
  private static final SourcePartition P0 = new SourcePartition("pushes", 0);
  private static final SourcePartition P1 = new SourcePartition("pushes", 1);

  private static ReadHorizon.Stored stored(long offset, long timestampMs) {
    return new ReadHorizon.Stored(offset, timestampMs);
  }

  @Test
  void caughtUpPartitionsHoldNothingBack() {
    assertEquals(Long.MAX_VALUE, ReadHorizon.nanos(List.of(P0, P1), Map.of(P0, 0L, P1, 0L),
        Map.of(P0, 4L), Map.of(P0, stored(4, 1_000))));
  }

  /** Before the first assignment, and while a rebalance has taken the partitions away. */
  @Test
  void noPartitionAssignedHoldsEverythingBack() {
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(), Map.of(), Map.of(), Map.of()));
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(), Map.of(P0, 0L),
        Map.of(P0, 4L), Map.of(P0, stored(4, 1_000))));
  }

  @Test
  void aPartitionBehindHoldsTheHorizonAtItsLastStoredRecord() {
    assertEquals(1_000_000_000L, ReadHorizon.nanos(List.of(P0, P1), Map.of(P0, 3L, P1, 0L),
        Map.of(P0, 4L), Map.of(P0, stored(4, 1_000))));
    assertEquals(1_000_000_000L, ReadHorizon.nanos(List.of(P0, P1), Map.of(P0, 3L, P1, 1L),
        Map.of(P0, 4L, P1, 9L), Map.of(P0, stored(4, 2_000), P1, stored(8, 1_000))));
  }

  @Test
  void recordsTakenButNotStoredYetCountAsBehindAtTheEndOfThePartition() {
    assertEquals(1_000_000_000L, ReadHorizon.nanos(List.of(P0), Map.of(P0, 0L),
        Map.of(P0, 5L), Map.of(P0, stored(4, 1_000))));
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(P0), Map.of(P0, 0L), Map.of(P0, 5L), Map.of()));
  }

  @Test
  void aPartitionNotFetchedYetOrBehindWithNothingStoredHoldsEverythingBack() {
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(P0), Map.of(), Map.of(), Map.of()));
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(P0, P1), Map.of(P0, 0L, P1, 2L), Map.of(), Map.of()));
    assertEquals(Long.MIN_VALUE, ReadHorizon.nanos(List.of(P0), Map.of(P0, 2L),
        Map.of(P0, 4L), Map.of(P0, stored(4, -1))));
  }

  @Test
  void aTimestampBeyondWhatNanosecondsHoldDoesNotWrapAround() {
    assertEquals(Long.MAX_VALUE, ReadHorizon.nanos(List.of(P0), Map.of(P0, 2L),
        Map.of(P0, 4L), Map.of(P0, stored(4, Long.MAX_VALUE / 1_000L))));
  }
}
