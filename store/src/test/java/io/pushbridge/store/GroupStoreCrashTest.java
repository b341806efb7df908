package io.pushbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.model.GroupingKey;
import io.pushbridge.model.Metric;
import io.pushbridge.model.PushMethod;
import io.pushbridge.model.PushRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of synced pushes: every acknowledged push must be there after a restart.
 * Per group the state is that of the last acknowledged request to it, or of the one request of its
 * thread that was in flight, whole; the stored offset likewise.
 */
class GroupStoreCrashTest {
  @TempDir Path dir;

  private static final int THREADS = 3;

  @Test
  void everyAcknowledgedPushSurvivesKill9() throws Exception {
    Random random = new Random();
    long[] acked = new long[THREADS];
    for (int round = 0; round < 3; round++) {
      Path storeDir = dir.resolve("round" + round);
      int killAfter = 30 + random.nextInt(300);
      runAndKill(storeDir, killAfter, acked);
      verify(storeDir, acked);
    }
  }

  /**
   * With groups of megabytes beside the small pushes, RocksDB switches log files and reuses old
   * ones (the store recycles one, see {@link RocksDbTuning}): the kill then leaves a log whose
   * tail holds records of an earlier life, which the restart must not replay.
   */
  @Test
  void everyAcknowledgedPushSurvivesKill9WhileRocksDbWritesARecycledLog() throws Exception {
    long[] acked = new long[THREADS];
    Path storeDir = dir.resolve("recycled");
    Path log = storeDir.resolve("LOG");
    int killAfter = 30 + new Random().nextInt(300);
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    runAndKill(
        storeDir,
        true,
        seen ->
            seen >= killAfter
                && seen % 20 == 0
                && (reusedALog(log) || System.nanoTime() > giveUp),
        acked);
    assertTrue(reusedALog(log), "RocksDB reused no log file in 60 s of pushes");
    verify(storeDir, acked);
  }

  private static boolean reusedALog(Path log) throws IOException {
    return Files.readString(log).contains("reusing log");
  }

  private static void runAndKill(Path storeDir, int killAfter, long[] acked) throws Exception {
    runAndKill(storeDir, false, seen -> seen >= killAfter, acked);
  }

  /** Whether the child may be killed after {@code seen} acknowledgements. */
  private interface KillWhen {
    boolean test(int seen) throws IOException;
  }

  private static void runAndKill(Path storeDir, boolean ballast, KillWhen killWhen, long[] acked)
      throws Exception {
    java.util.Arrays.fill(acked, 0);
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBin.toString(),
            // The library extracted once: a copy of its own in java.io.tmpdir would outlive the kill.
            RocksDbNativeLibrary.javaLibraryPathOption(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashPusher.class.getName(),
            storeDir.toString(),
            Integer.toString(THREADS),
            ballast ? "ballast" : "small");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      boolean killed = false;
      String line;
      while ((line = in.readLine()) != null) {
        String[] parts = line.split(" ", -1);
        if (parts.length == 3 && parts[0].equals("ACK")) {
          acked[Integer.parseInt(parts[1])] = Long.parseLong(parts[2]);
          if (!killed && killWhen.test(++seen)) {
            killed = true;
            // The handle's kill leaves our end of the pipe open (Process.destroyForcibly closes
            // it): acknowledgements already written are still read to the end.
            child.toHandle().destroyForcibly();
          }
        }
      }
      assertTrue(killed, "child ended by itself after " + seen + " acknowledgements");
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
  }

  private static void verify(Path storeDir, long[] acked) {
    try (GroupStore store = GroupStore.open(StoreConfig.of(storeDir))) {
      Map<GroupingKey, GroupView> groups = new HashMap<>();
      for (GroupView g : store.groups()) {
        groups.put(g.key(), g);
      }
      Map<SourcePartition, Long> offsets = store.storedOffsets();
      for (int t = 0; t < THREADS; t++) {
        long last = acked[t];
        long inFlight = last + 1;
        Long next = offsets.get(CrashPusher.offset(t, 0).partition());
        assertTrue(
            Set.of(last + 1, inFlight + 1).contains(next == null ? 1L : next),
            "thread " + t + " acked " + last + " but offset is " + next);
        for (int k = 0; k < CrashPusher.GROUPS_PER_THREAD; k++) {
          GroupingKey key = GroupingKey.parsePath("job/t" + t + "/g/" + k);
          List<Long> allowed = new ArrayList<>();
          allowed.add(stateAfter(lastSeqFor(k, last)));
          if (inFlight % CrashPusher.GROUPS_PER_THREAD == k) {
            allowed.add(stateAfter(inFlight));
          }
          long actual = stateOf(groups.get(key), t);
          assertTrue(
              allowed.contains(actual),
              "group " + key + ": state of request " + actual + ", allowed " + allowed);
        }
      }
      assertEquals(groups.size(), store.stats().groups());
    }
  }

  /** The last request up to {@code last} that went to group {@code k}; 0 when none. */
  private static long lastSeqFor(int k, long last) {
    for (long s = last; s >= 1; s--) {
      if (s % CrashPusher.GROUPS_PER_THREAD == k) {
        return s;
      }
    }
    return 0;
  }

  /** What {@link #stateOf} reads after request {@code seq}: -1 for an absent group. */
  private static long stateAfter(long seq) {
    return seq == 0 || CrashPusher.request(0, seq).method() == PushMethod.DELETE ? -1 : seq;
  }

  /**
   * Which PUT the group's state is the whole result of, -1 when the group is absent (never pushed
   * or deleted). A state that is no request's whole result fails.
   */
  private static long stateOf(GroupView group, int thread) {
    if (group == null) {
      return -1;
    }
    StoredFamily v =
        group.families().stream().filter(f -> f.family().name().equals("v")).findFirst().orElseThrow();
    long seq = (long) ((Metric.Scalar) v.family().metrics().get(0)).value();
    PushRequest expected = CrashPusher.request(thread, seq);
    assertEquals(PushMethod.PUT, expected.method());
    assertEquals(3, v.family().metrics().size(), "series of " + group.key());
    for (Metric m : v.family().metrics()) {
      assertEquals((double) seq, ((Metric.Scalar) m).value(), "series of " + group.key());
    }
    assertEquals(GroupState.seconds(expected.receiveTimeNanos()), group.pushTimeSeconds());
    return seq;
  }
}
