package io.commander.server.clusters;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Unified diffs, section by section, between what two revisions of a cluster rendered. */
final class RevisionDiff {

  private static final int CONTEXT = 3;

  private RevisionDiff() {
  }

  /** Every section that differs, as {@code section -> unified diff}; a section only one side has diffs against nothing. */
  static JsonObject sections(final JsonObject from, final JsonObject to, final int fromRevision, final int toRevision) {
    final JsonObject out = new JsonObject();
    final TreeSet<String> names = new TreeSet<>(from.fieldNames());
    names.addAll(to.fieldNames());
    for (String section : names) {
      final List<String> before = lines(from.getString(section, ""));
      final List<String> after = lines(to.getString(section, ""));
      if (!before.equals(after)) {
        final List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(section + "@" + fromRevision,
            section + "@" + toRevision, before, DiffUtils.diff(before, after), CONTEXT);
        out.put(section, String.join("\n", diff) + "\n");
      }
    }
    return out;
  }

  private static List<String> lines(final String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
  }
}
