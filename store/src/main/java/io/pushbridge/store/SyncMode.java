package io.pushbridge.store;

/** When a write counts as durable. */
public enum SyncMode {
  /** The WAL is fsynced before a write is acknowledged: acknowledged pushes survive power loss. */
  ALWAYS,
  /** The WAL is written but not synced: acknowledged pushes survive a process crash only. */
  NONE
}
