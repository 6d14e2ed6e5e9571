package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.ProvisionerException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a dhctl run failed, read from the end of its output: the last lines that look like errors
 * ({@code error}, {@code failed}, {@code fatal}, {@code panic}), or else the last lines of stderr
 * (of stdout when stderr is empty); and whether the failure is worth retrying.
 *
 * @param lines the cause, oldest line first (ANSI colours removed)
 * @param reason {@link ProvisionerException.Reason#TRANSIENT} when a cause line names a network,
 *     availability or lock problem, {@link ProvisionerException.Reason#PERMANENT} otherwise
 */
record FailureCause(List<String> lines, ProvisionerException.Reason reason) {

  /** How many error lines, or plain last lines, make the cause. */
  static final int ERROR_LINES = 3;
  static final int LAST_LINES = 5;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  private static final Pattern ERROR = Pattern.compile("(?i)\\b(error|errors|failed|failure|fatal|panic)\\b");
  private static final Pattern TRANSIENT = Pattern.compile("(?i)(connection refused|connection reset|"
      + "no route to host|network is unreachable|i/o timeout|timeout|timed out|deadline exceeded|"
      + "temporarily unavailable|service unavailable|too many requests|tls handshake|"
      + "\\block(ed)?\\b|lease is held|try again)");

  FailureCause {
    lines = List.copyOf(lines);
  }

  /** The cause found in {@code output} (the run's last lines, oldest first). */
  static FailureCause of(final List<OutputLine> output) {
    final List<String> errors = new ArrayList<>();
    final List<String> stderr = new ArrayList<>();
    final List<String> stdout = new ArrayList<>();
    for (final OutputLine line : output) {
      final String text = clean(line.text());
      if (text.isEmpty()) {
        continue;
      }
      if (ERROR.matcher(text).find()) {
        errors.add(text);
      }
      (OutputLine.STDERR.equals(line.stream()) ? stderr : stdout).add(text);
    }
    final List<String> cause = !errors.isEmpty() ? last(errors, ERROR_LINES)
        : !stderr.isEmpty() ? last(stderr, LAST_LINES) : last(stdout, LAST_LINES);
    final boolean transientCause = cause.stream().anyMatch(text -> TRANSIENT.matcher(text).find());
    return new FailureCause(cause,
        transientCause ? ProvisionerException.Reason.TRANSIENT : ProvisionerException.Reason.PERMANENT);
  }

  /** The cause as text for an error message: lines joined by newlines, or a note that there was no output. */
  String describe() {
    return lines.isEmpty() ? "(no output)" : String.join("\n", lines);
  }

  /** {@code text} without ANSI escape sequences and surrounding blanks. */
  static String clean(final String text) {
    return ANSI.matcher(text).replaceAll("").strip();
  }

  private static List<String> last(final List<String> lines, final int count) {
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }
}
