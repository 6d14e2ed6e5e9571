package io.commander.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which writes make the API forget the tokens and sessions it remembers. */
class AuthenticatorTest {

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/auth/logout", "/api/v1/auth/password", "/api/v1/users/6f1c", "/api/v1/users",
      "/api/v1/global_roles", "/api/v1/workspaces/6f1c", "/api/v1/workspace_role_bindings/6f1c",
      "/api/v1/auth_tokens/6f1c", "/api/v1/demo", "/api/v1/clusters/6f1c",
      "/api/v1/clusters/6f1c/kubeconfig_tokens", "/api/v1/clusters/6f1c/kubeconfig_tokens/9a2b", "/other"})
  void writesThatMayChangeWhoMayDoWhatForgetWhatIsRemembered(final String path) {
    assertThat(Authenticator.mayChangeAccess(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/clusters", "/api/v1/clusters/6f1c/apply", "/api/v1/clusters/6f1c/retry",
      "/api/v1/records/6f1c", "/api/v1/cluster_templates", "/api/v1/cluster_change_requests/6f1c/approve",
      "/api/v1/tasks/6f1c/cancel", "/api/v1/clusters/6f1c/k8s/api/v1/namespaces/default/configmaps"})
  void otherWritesLeaveItAlone(final String path) {
    assertThat(Authenticator.mayChangeAccess(path)).isFalse();
  }

  @Test
  void aMissingPathForgets() {
    assertThat(Authenticator.mayChangeAccess(null)).isTrue();
  }
}
