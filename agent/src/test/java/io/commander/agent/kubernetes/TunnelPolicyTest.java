package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TunnelPolicyTest {

  private final TunnelPolicy policy = new TunnelPolicy();

  @Test
  void everythingButSecretsIsRead() {
    assertThat(policy.decide("GET", "/version").allowed()).isTrue();
    assertThat(policy.decide("GET", "/api/v1/namespaces?limit=5").allowed()).isTrue();
    assertThat(policy.decide("GET", "/api/v1/namespaces/apps/pods/web-1/log").allowed()).isTrue();
    assertThat(policy.decide("GET", "/apis/deckhouse.io/v1alpha1/moduleconfigs").allowed()).isTrue();
    assertThat(policy.decide("GET", "/api/v1/secrets").allowed()).isFalse();
    assertThat(policy.decide("GET", "/api/v1/namespaces/apps/secrets/token").allowed()).isFalse();
    assertThat(policy.decide("GET", "/api/v1/namespaces/../secrets").allowed()).isFalse();
    assertThat(policy.decide("GET", "/api/v1/namespaces/a%2Fb/secrets").allowed()).isFalse();
  }

  @Test
  void writesReachModuleConfigsNodeGroupsAndConfigMapsOfManagedNamespacesOnly() {
    assertThat(policy.decide("PATCH", "/apis/deckhouse.io/v1alpha1/moduleconfigs/prometheus").namespace()).isEmpty();
    assertThat(policy.decide("PATCH", "/apis/deckhouse.io/v1alpha1/moduleconfigs/prometheus").allowed()).isTrue();
    assertThat(policy.decide("POST", "/apis/deckhouse.io/v1/nodegroups").allowed()).isTrue();
    final TunnelPolicy.Decision configMap = policy.decide("POST", "/api/v1/namespaces/apps/configmaps");
    assertThat(configMap.allowed()).isTrue();
    assertThat(configMap.namespace()).isEqualTo(Optional.of("apps"));
    assertThat(policy.decide("DELETE", "/api/v1/namespaces/apps/configmaps/a").namespace()).contains("apps");
    assertThat(policy.decide("POST", "/api/v1/configmaps").allowed()).isFalse();
    assertThat(policy.decide("POST", "/api/v1/namespaces/apps/secrets").allowed()).isFalse();
    assertThat(policy.decide("DELETE", "/api/v1/namespaces/apps").allowed()).isFalse();
    assertThat(policy.decide("PUT", "/apis/apps/v1/namespaces/apps/deployments/web").allowed()).isFalse();
    assertThat(policy.decide("PATCH", "/apis/other.io/v1/moduleconfigs/x").allowed()).isFalse();
    assertThat(policy.decide("OPTIONS", "/version").allowed()).isFalse();
    assertThat(policy.decide("POST", "/api/v1/namespaces/apps/secrets").reason()).contains("secrets");
  }
}
