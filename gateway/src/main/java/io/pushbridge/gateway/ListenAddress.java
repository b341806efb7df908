package io.pushbridge.gateway;

import io.pushbridge.model.GoStrings;

/**
 * A {@code host:port} to listen on, as Go's {@code net.Listen} reads it: an empty host means every
 * interface, an IPv6 host is bracketed.
 */
record ListenAddress(String host, int port) {

  ListenAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  static ListenAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address " + address + ": missing port in address");
    }
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("address " + address + ": too many colons in address");
    }
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5) {
      throw new IllegalArgumentException("address " + address + ": invalid port " + GoStrings.quote(port));
    }
    return new ListenAddress(host, Integer.parseInt(port));
  }

  /** The host to bind: every interface when none is given. */
  String bindHost() {
    return host.isEmpty() ? "0.0.0.0" : host;
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
