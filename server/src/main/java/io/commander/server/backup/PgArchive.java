package io.commander.server.backup;

import io.commander.core.config.CommanderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs pg_dump and pg_restore on a database in PostgreSQL's custom archive format, connecting with the
 * configured settings through libpq's variables (the password never appears on a command line).
 * Blocking: for the command line.
 */
final class PgArchive {

  /** The table whose single row proves which keys a database was written with. */
  static final String CANARY_TABLE = "encryption_canary";
  private static final String CANARY_COLUMN = "value_encrypted";

  private final PgTools tools;

  PgArchive(final PgTools tools) {
    this.tools = tools;
  }

  PgTools tools() {
    return tools;
  }

  /** Dumps the whole database, in one snapshot, to a custom-format archive. */
  void dump(final CommanderConfig.Db db, final Path file) {
    run(db, List.of(tools.pgDump().toString(), "--format=custom", "--file=" + file, "--dbname=" + db.name()),
        "pg_dump");
  }

  /**
   * Loads an archive into the database in one transaction: on any error nothing of it stays. Objects
   * belong to the configured user (owners and grants of the source are not restored).
   */
  void restore(final CommanderConfig.Db db, final Path file) {
    run(db, List.of(tools.pgRestore().toString(), "--single-transaction", "--exit-on-error", "--no-owner",
        "--no-privileges", "--dbname=" + db.name(), file.toString()), "pg_restore");
  }

  /**
   * The encryption canary stored in an archive, read without any database: pg_restore prints the
   * table's data as a {@code COPY} block.
   *
   * @return the stored value, or empty when the archive has no such table or row
   * @throws BackupException if the file is not an archive pg_restore reads
   */
  Optional<String> canary(final Path file) {
    final String script = output(List.of(tools.pgRestore().toString(), "--data-only", "--table=" + CANARY_TABLE,
        "--file=-", file.toString()), "pg_restore");
    return canaryFromScript(script);
  }

  /** The canary value of a plain-text restore script's {@code COPY ... encryption_canary (...)} block. */
  static Optional<String> canaryFromScript(final String script) {
    final List<String> lines = script.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i);
      if (!line.startsWith("COPY ") || !line.contains(CANARY_TABLE + " (")) {
        continue;
      }
      final String columns = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
      final List<String> names = List.of(columns.split(",\\s*"));
      final int at = names.indexOf(CANARY_COLUMN);
      if (at < 0 || i + 1 >= lines.size() || lines.get(i + 1).equals("\\.")) {
        return Optional.empty();
      }
      final String[] fields = lines.get(i + 1).split("\t", -1);
      return at < fields.length && !fields[at].equals("\\N") ? Optional.of(unescape(fields[at])) : Optional.empty();
    }
    return Optional.empty();
  }

  /** COPY's text format: backslash escapes. */
  private static String unescape(final String field) {
    final StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      final char c = field.charAt(i);
      if (c != '\\' || i + 1 >= field.length()) {
        out.append(c);
        continue;
      }
      final char next = field.charAt(++i);
      out.append(switch (next) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'v' -> '\u000b';
        default -> next;
      });
    }
    return out.toString();
  }

  private void run(final CommanderConfig.Db db, final List<String> command, final String what) {
    final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    connection(builder.environment(), db);
    final Result result = start(builder, what);
    if (result.exit() != 0) {
      throw new BackupException(what + " " + tools.version() + " failed (exit " + result.exit() + "): "
          + firstErrors(result.stderr()));
    }
  }

  private String output(final List<String> command, final String what) {
    final ProcessBuilder builder = new ProcessBuilder(command);
    // No connection: pg_restore only reads the file here.
    builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
    final Result result = start(builder, what);
    if (result.exit() != 0) {
      throw new BackupException(what + " " + tools.version() + " cannot read it (exit " + result.exit() + "): "
          + firstErrors(result.stderr()));
    }
    return result.stdout();
  }

  private record Result(int exit, String stdout, String stderr) {
  }

  private static Result start(final ProcessBuilder builder, final String what) {
    try {
      final Process process = builder.start();
      process.getOutputStream().close();
      final CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      final String stdout = ProcessBuilder.Redirect.DISCARD.equals(builder.redirectOutput()) ? ""
          : read(process.getInputStream());
      final int exit = process.waitFor();
      return new Result(exit, stdout, stderr.join());
    } catch (IOException e) {
      throw new BackupException("cannot run " + what + " (" + builder.command().get(0) + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(what + " was interrupted", e);
    }
  }

  private static String read(final InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines that say what went wrong, joined into one. */
  private static String firstErrors(final String stderr) {
    final List<String> lines = new ArrayList<>();
    stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(4).forEach(lines::add);
    return lines.isEmpty() ? "no message" : String.join(" / ", lines);
  }

  /** libpq's variables for the configured database. */
  static void connection(final Map<String, String> env, final CommanderConfig.Db db) {
    env.keySet().removeIf(name -> name.startsWith("PG"));
    env.put("PGHOST", db.host());
    env.put("PGPORT", Integer.toString(db.port()));
    env.put("PGUSER", db.user());
    env.put("PGDATABASE", db.name());
    env.put("PGSSLMODE", db.sslMode());
    env.put("PGAPPNAME", "commander-backup");
    env.put("PGCONNECT_TIMEOUT", "10");
    if (!db.password().isEmpty()) {
      env.put("PGPASSWORD", db.password());
    }
  }

  /** Bytes of a file, for the summary. */
  static long size(final Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@code 12.3 MiB (12,897,234 bytes)}. */
  static String describeSize(final long bytes) {
    final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? String.format("%,d bytes", bytes)
        : String.format("%.1f %s (%,d bytes)", value, units[unit], bytes);
  }
}
