package io.commander.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for servers a test starts. */
public final class FreePorts {

  private FreePorts() {
  }

  /** A port that was free a moment ago. */
  public static int next() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two consecutive free ports (a Kafka broker and its controller); returns the first. */
  public static int nextPair() {
    for (int i = 0; i < 50; i++) {
      final int port = next();
      if (port < 65535 && free(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two consecutive free ports found");
  }

  private static boolean free(final int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
