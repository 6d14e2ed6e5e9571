package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.agent.kubernetes.Manifests.Entry;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  @Test
  void documentsListsAndSetsBecomeLabelledEntriesNamespacesFirst() {
    final List<Entry> entries = Manifests.parse(new DesiredState(4, List.of(
        new DesiredResources("resources/a", "enforced", """
            --- # leading separator and comments only
            # nothing here
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: one, namespace: x}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: two, namespace: x}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: x}
            """),
        new DesiredResources("resources/b", "create-once", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: one, namespace: x}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: x, resourceVersion: "12", uid: abc}
            """),
        new DesiredResources("resources/c", "sometimes", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: three}
            """))));

    assertThat(entries).extracting(e -> e.ref().wire()).containsExactly("v1/Namespace//x", "v1/ConfigMap/x/one",
        "v1/ConfigMap/x/two", "v1/ConfigMap/x/one", "v1/Secret/x/s", "v1/ConfigMap//three");
    assertThat(entries.get(0).object().getMetadata().getLabels()).containsEntry("commander.io/managed", "true");
    assertThat(entries.get(0).object().getMetadata().getAnnotations()).containsEntry("commander.io/set", "resources/a")
        .containsEntry("commander.io/mode", "enforced").containsEntry("commander.io/revision", "4");
    assertThat(entries.get(3).error()).isEqualTo(
        "rendered twice (in resources/a and in resources/b): each object may come from one document only");
    final Entry secret = entries.get(4);
    assertThat(secret.createOnce()).isTrue();
    assertThat(secret.object().getMetadata().getAnnotations()).containsEntry("commander.io/mode", "create-once");
    assertThat(secret.object().getMetadata().getResourceVersion()).isNull();
    assertThat(secret.object().getMetadata().getUid()).isNull();
    assertThat(entries.get(5).error()).isEqualTo("the mode 'sometimes' of resources/c is not enforced or create-once");
  }

  @Test
  void aBrokenDocumentIsReportedByPositionWithoutQuotingIt() {
    final List<Entry> entries = Manifests.parse(new DesiredState(1, List.of(new DesiredResources("primary_resources",
        "enforced", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: [hunter2\n"))));

    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.ref().wire()).isEqualTo("?/?//document-1");
      assertThat(e.error()).startsWith("primary_resources document 1 does not parse as Kubernetes YAML at line")
          .doesNotContain("hunter2");
    });
  }
}
