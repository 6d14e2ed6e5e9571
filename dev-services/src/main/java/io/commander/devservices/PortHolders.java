package io.commander.devservices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Who listens on a local TCP port, read from Linux's /proc, for messages that tell a person what to stop. */
final class PortHolders {

  private static final String LISTEN = "0A";

  private PortHolders() {
  }

  /** "process 123 (postgres -D /data ...)", or a plainer phrase where /proc does not say. */
  static String describe(final int port) {
    return holder(port).map(pid -> "process " + pid + commandLine(pid).map(c -> " (" + c + ")").orElse(""))
        .orElse("another program");
  }

  private static Optional<Long> holder(final int port) {
    final Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        final List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          final String[] f = line.trim().split("\\s+");
          final String local = f[1];
          if (LISTEN.equals(f[3])
              && Integer.parseInt(local.substring(local.indexOf(':') + 1), 16) == port) {
            inodes.add(f[9]);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Not Linux, or not readable: the caller says "another program".
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holdsSocket(p, inodes)).map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holdsSocket(final Path process, final Set<String> inodes) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.anyMatch(fd -> {
        try {
          final String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<String> commandLine(final long pid) {
    try {
      final String line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ').strip();
      return line.isEmpty() ? Optional.empty()
          : Optional.of(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
