package io.pushbridge.model;

/** What a push does to its group (spec §3). */
public enum PushMethod {
  /** Replace the whole group. */
  PUT,
  /** Replace only the families named in the body. */
  POST,
  /** Remove the group. */
  DELETE
}
