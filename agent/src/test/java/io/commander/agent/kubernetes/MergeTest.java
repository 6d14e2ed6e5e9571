package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void liveHoldsWhatIsDesiredWhateverElseItHolds() {
    final HasMetadata desired = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("n")
        .addToAnnotations("commander.io/revision", "3").endMetadata().addToData("a", "1").build();
    final HasMetadata live = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("n")
        .withResourceVersion("9").addToAnnotations("commander.io/revision", "2").addToAnnotations("other", "x")
        .endMetadata().addToData("a", "1").addToData("b", "2").build();
    assertThat(Merge.holds(live, desired)).isTrue();

    final HasMetadata changed = new ConfigMapBuilder((ConfigMap) live)
        .addToData("a", "changed").build();
    assertThat(Merge.holds(changed, desired)).isFalse();
  }

  @Test
  void quantitiesCompareByAmountOtherTextExactly() {
    final HasMetadata desired = yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: n}
        spec:
          template:
            spec:
              containers:
              - name: c
                resources: {limits: {cpu: 1000m, memory: 1024Mi}}
                args: ["1.30"]
        """);
    final HasMetadata live = yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: n}
        spec:
          template:
            spec:
              containers:
              - name: c
                image: x
                resources: {limits: {cpu: "1", memory: 1Gi}}
                args: ["1.30"]
        """);
    assertThat(Merge.holds(live, desired)).isTrue();
    final HasMetadata otherArgs = yaml(SERIALIZATION.asYaml(live).replace("1.30", "1.3"));
    assertThat(Merge.holds(otherArgs, desired)).isFalse();
    final HasMetadata twoContainers = yaml(SERIALIZATION.asYaml(live).replace("containers:",
        "containers:\n      - name: sidecar"));
    assertThat(Merge.holds(twoContainers, desired)).isFalse();
  }

  @Test
  void aSecretsStringDataMatchesItsData() {
    final HasMetadata desired = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .addToStringData("password", "initial").build();
    final HasMetadata live = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .withData(Map.of("password", "aW5pdGlhbA==")).build();
    assertThat(Merge.holds(live, desired)).isTrue();
    final HasMetadata other = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .withData(Map.of("password", "b3RoZXI=")).build();
    assertThat(Merge.holds(other, desired)).isFalse();
  }

  @Test
  void intoMergesMapsAndReplacesTheRest() {
    final HasMetadata live = new ConfigMapBuilder().withNewMetadata().withName("c").withResourceVersion("9")
        .addToLabels("theirs", "1").endMetadata().addToData("a", "old").addToData("b", "kept").build();
    final HasMetadata desired = new ConfigMapBuilder().withNewMetadata().withName("c").addToLabels("ours", "1")
        .endMetadata().addToData("a", "new").build();
    final ConfigMap merged = (ConfigMap)
        Merge.into(live, desired);
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("9");
    assertThat(merged.getMetadata().getLabels()).containsEntry("theirs", "1").containsEntry("ours", "1");
    assertThat(merged.getData()).containsEntry("a", "new").containsEntry("b", "kept");
  }

  private static HasMetadata yaml(final String text) {
    return SERIALIZATION.unmarshal(text);
  }
}
