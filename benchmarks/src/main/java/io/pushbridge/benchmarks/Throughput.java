package io.pushbridge.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Counts the megabytes each benchmark invocation handled; JMH reports it per second (MB/s). */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {
  public double megabytes;

  @Setup(Level.Iteration)
  public void reset() {
    megabytes = 0;
  }

  void add(int bytes) {
    megabytes += bytes / 1e6;
  }
}
