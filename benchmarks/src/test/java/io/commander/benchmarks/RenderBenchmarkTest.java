package io.commander.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.cluster.ClusterRenderer;
import org.junit.jupiter.api.Test;

/** The benchmark's input stays valid and as large as the README says, without running the benchmark. */
class RenderBenchmarkTest {

  @Test
  void theTemplateRendersCleanlyAndIsAThreeMasterClusterWithTenTabs() throws Exception {
    final RenderBenchmark benchmark = new RenderBenchmark();
    benchmark.load();
    final ClusterRenderer.Result result = benchmark.render();
    assertThat(result.rendered().keySet()).filteredOn(k -> k.startsWith("resources/")).hasSize(10);
    assertThat(result.rendered().get("ssh")).containsOnlyOnce("kind: SSHConfig");
    assertThat(result.rendered().get("ssh").split("kind: SSHHost", -1)).hasSize(4);
    assertThat(result.rendered().get("primary_resources").split("kind: StaticInstance", -1)).hasSize(4);
    assertThat(result.rendered().get("primary_resources")).contains("count: 3");
    assertThat(String.join("", result.rendered().values()).split("kind: ModuleConfig", -1)).hasSize(28);
  }
}
