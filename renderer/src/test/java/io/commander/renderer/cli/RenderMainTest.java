package io.commander.renderer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderMainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(final String... args) {
    return RenderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void rendersWithYamlValuesAndTheFunctionsTemplatesUse() throws Exception {
    final Path template = Files.writeString(dir.resolve("cluster.yaml"), """
        {{- define "labels" }}owner: {{ .owner | quote }}{{ end -}}
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        podSubnetCIDR: {{ .podSubnet | default "10.111.0.0/16" }}
        masters: {{ len .masters }}
        {{- range $i, $m := .masters }}
        # master {{ add1 $i }}: {{ $m | upper }}
        {{- end }}
        labels:
        {{ include "labels" . | indent 2 }}
        extra:
        {{ toYaml .extra | indent 2 }}
        """);
    final Path values = Files.writeString(dir.resolve("values.yaml"), """
        owner: team-a
        masters: [m1, m2]
        extra:
          replicas: 3
          zones: [a, b]
        """);
    assertThat(run(template.toString(), "--values", values.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
        apiVersion: deckhouse.io/v1
        kind: ClusterConfiguration
        podSubnetCIDR: 10.111.0.0/16
        masters: 2
        # master 1: M1
        # master 2: M2
        labels:
          owner: "team-a"
        extra:
          replicas: 3
          zones:
          - a
          - b
        """);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void errorsGoToStderrWithTheirPlaceAndANonZeroExit() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "line one\n{{ .a | nope }}\n");
    assertThat(run(template.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("template: t.tpl:2: function \"nope\" not defined");
  }

  @Test
  void requiredValuesFailWithTheirMessage() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "{{ required \"clusterName is required\" .clusterName }}");
    assertThat(run(template.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("clusterName is required");
  }

  @Test
  void badValuesAndUsage() throws Exception {
    final Path template = Files.writeString(dir.resolve("t.tpl"), "{{ .a }}");
    final Path values = Files.writeString(dir.resolve("v.yaml"), "a: [unclosed\n");
    assertThat(run(template.toString(), "--values", values.toString())).isEqualTo(RenderMain.EXIT_RENDER);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("commander render: values ");
    assertThat(run()).isEqualTo(RenderMain.EXIT_USAGE);
    assertThat(run(dir.resolve("missing.tpl").toString())).isEqualTo(RenderMain.EXIT_USAGE);
  }
}
