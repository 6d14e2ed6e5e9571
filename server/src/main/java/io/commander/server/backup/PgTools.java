package io.commander.server.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's {@code pg_dump} and {@code pg_restore}, of a major version that can read the server:
 * pg_dump refuses servers newer than itself, and pg_restore archives written by a newer pg_dump.
 * Looked for, in order: the folder {@value #BIN_DIR_ENV} names, Debian's {@code /usr/lib/postgresql/<major>/bin}
 * (several majors live side by side there; the lowest one not older than the server is taken), then
 * {@code PATH}. Blocking: it runs {@code --version}.
 *
 * @param dir the folder holding both programs
 * @param major their major version
 * @param version their whole version, e.g. {@code 15.18}
 */
public record PgTools(Path dir, int major, String version) {

  /** Environment variable naming a folder with {@code pg_dump} and {@code pg_restore}. */
  public static final String BIN_DIR_ENV = "COMMANDER_PG_BINDIR";
  /** Where Debian's postgresql-client-N packages put their programs. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

  public Path pgDump() {
    return dir.resolve("pg_dump");
  }

  public Path pgRestore() {
    return dir.resolve("pg_restore");
  }

  /**
   * Finds the programs for a server.
   *
   * @param serverMajor the server's major version (e.g. 17)
   * @param serverVersion the server's version as it reports it, for messages
   * @param env the environment ({@value #BIN_DIR_ENV}, {@code PATH})
   * @return the programs
   * @throws BackupException with {@link BackupException#EXIT_TOOLS} when none fits; the message names
   *     the package to install
   */
  public static PgTools find(final int serverMajor, final String serverVersion, final Map<String, String> env) {
    final List<PgTools> seen = new ArrayList<>();
    final String configured = env.get(BIN_DIR_ENV);
    if (configured != null && !configured.isBlank()) {
      final Optional<PgTools> tools = at(Path.of(configured.strip()));
      if (tools.isEmpty()) {
        throw new BackupException(BackupException.EXIT_TOOLS, BIN_DIR_ENV + "=" + configured + ": no runnable pg_dump "
            + "and pg_restore there; " + advice(serverMajor));
      }
      if (tools.get().major() < serverMajor) {
        throw new BackupException(BackupException.EXIT_TOOLS, BIN_DIR_ENV + "=" + configured + " holds pg_dump "
            + tools.get().version() + ", older than the server (PostgreSQL " + serverVersion + "); "
            + advice(serverMajor));
      }
      return tools.get();
    }
    for (Path dir : debianDirs()) {
      final Optional<PgTools> tools = at(dir);
      tools.ifPresent(seen::add);
      if (tools.isPresent() && tools.get().major() >= serverMajor) {
        return tools.get();
      }
    }
    final String path = env.getOrDefault("PATH", "");
    for (String entry : path.split(":")) {
      if (!entry.isBlank()) {
        final Optional<PgTools> tools = at(Path.of(entry));
        tools.ifPresent(seen::add);
        if (tools.isPresent() && tools.get().major() >= serverMajor) {
          return tools.get();
        }
      }
    }
    final String found = seen.isEmpty() ? "none was found"
        : "found only " + String.join(", ", seen.stream().map(t -> t.version() + " (" + t.dir() + ")")
            .distinct().toList());
    throw new BackupException(BackupException.EXIT_TOOLS, "needs pg_dump and pg_restore of PostgreSQL " + serverMajor
        + " or newer, as the server runs PostgreSQL " + serverVersion + "; " + found + "; " + advice(serverMajor));
  }

  private static String advice(final int major) {
    return "install postgresql-client-" + major + " (apt-get install postgresql-client-" + major + "; Debian 12 ships "
        + "only 15, newer majors come with Debian 13 or the PostgreSQL project's apt repository), or set "
        + BIN_DIR_ENV + " to a folder with pg_dump and pg_restore of PostgreSQL " + major + " or newer";
  }

  /** Debian's per-major folders, lowest major first. */
  private static List<Path> debianDirs() {
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(DEBIAN_ROOT)) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
          .sorted(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString())))
          .map(d -> d.resolve("bin")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The programs in a folder, if both are there and pg_dump tells its version. */
  static Optional<PgTools> at(final Path dir) {
    if (!Files.isExecutable(dir.resolve("pg_dump")) || !Files.isExecutable(dir.resolve("pg_restore"))) {
      return Optional.empty();
    }
    // Debian's /usr/bin/pg_dump is a wrapper that picks a version by itself: use the real folders instead.
    try {
      if (dir.resolve("pg_dump").toRealPath().getFileName().toString().equals("pg_wrapper")) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return version(dir.resolve("pg_dump")).map(v -> new PgTools(dir, v.major(), v.text()));
  }

  private record Version(int major, String text) {
  }

  private static Optional<Version> version(final Path program) {
    try {
      final Process process = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true).start();
      final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return Optional.empty();
      }
      final Matcher m = VERSION.matcher(out);
      return m.find() ? Optional.of(new Version(Integer.parseInt(m.group(1)), m.group(1)
          + (m.group(2) == null ? "" : m.group(2)))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
