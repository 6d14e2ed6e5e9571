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
  void whatTheConsoleReadsAndWritesIsAllowed() {
    for (String read : new String[] {"/api/v1/nodes?limit=500", "/apis/metrics.k8s.io/v1beta1/nodes",
        "/api/v1/namespaces?limit=500", "/apis/apps/v1/namespaces/d8-system/deployments?limit=500",
        "/apis/apps/v1/statefulsets?limit=500&continue=abc", "/apis/apps/v1/daemonsets?limit=500",
        "/api/v1/pods?limit=500", "/api/v1/namespaces/kube-system/events?limit=500",
        "/api/v1/namespaces/apps/pods/web-1/log?container=app&tailLines=100&follow=true",
        "/apis/deckhouse.io/v1alpha1/moduleconfigs/prometheus", "/apis/deckhouse.io/v1/nodegroups?limit=500"}) {
      assertThat(policy.decide("GET", read).allowed()).as(read).isTrue();
    }
    assertThat(policy.decide("PUT", "/apis/deckhouse.io/v1alpha1/moduleconfigs/prometheus").allowed()).isTrue();
    assertThat(policy.decide("PUT", "/apis/apps/v1/namespaces/d8-system/deployments/deckhouse").allowed()).isFalse();
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
