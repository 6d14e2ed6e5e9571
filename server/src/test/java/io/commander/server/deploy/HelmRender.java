package io.commander.server.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs Helm (helm-java: Helm's own Go code) for {@link HelmChartTest} in a JVM of its own, because
 * Helm reads the API server it asks for {@code lookup} from the environment (HELM_KUBEAPISERVER)
 * when its library loads, and a test JVM cannot set its own environment.
 *
 * <p>Argument: a JSON file {@code [{"id", "kind": "template"|"lint", "chart", "release",
 * "namespace", "values"}]}. Writes {@code <id>.out} beside it (the manifest, or for a lint
 * {@code {"failed", "messages"}}), or {@code <id>.err} with Helm's error.
 */
public final class HelmRender {

  /** The Kubernetes version the charts are rendered for (Helm's own default is older than the chart allows). */
  static final String KUBE_VERSION = "1.30.0";

  private HelmRender() {
  }

  public static void main(final String[] args) throws Exception {
    final Path jobsFile = Path.of(args[0]);
    final Path dir = jobsFile.getParent();
    final JsonArray jobs = new JsonArray(Files.readString(jobsFile));
    for (int i = 0; i < jobs.size(); i++) {
      final JsonObject job = jobs.getJsonObject(i);
      final String id = job.getString("id");
      try {
        final String out;
        if ("lint".equals(job.getString("kind"))) {
          final LintResult lint = new Helm(Path.of(job.getString("chart"))).lint().strict().call();
          out = new JsonObject().put("failed", lint.isFailed()).put("messages", new JsonArray(lint.getMessages()))
              .encode();
        } else {
          TemplateCommand template = new Helm(Path.of(job.getString("chart"))).template()
              .withName(job.getString("release")).withNamespace(job.getString("namespace"))
              .withKubeVersion(KUBE_VERSION);
          if (job.getString("values") != null) {
            template = template.withValuesFile(Path.of(job.getString("values")));
          }
          out = template.call();
        }
        Files.writeString(dir.resolve(id + ".out"), out, StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        Files.writeString(dir.resolve(id + ".err"), String.valueOf(e.getMessage()), StandardCharsets.UTF_8);
      }
    }
  }
}
