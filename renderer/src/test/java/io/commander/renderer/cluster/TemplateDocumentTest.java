package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON with ' for ", as the server's JSON parser gives it. */
  private static Map<String, Object> json(final String text) {
    try {
      return JSON.readValue(text.replace('\'', '"'), new TypeReference<>() { });
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final String FULL = """
      {'format': 'commander.cluster-template.v1', 'name': 'static', 'comment': 'three masters',
       'params': [{'header': 'Cluster'}, {'key': 'clusterName', 'type': 'string', 'title': 'Name'}],
       'sections': {'kubernetes': 'kind: ClusterConfiguration', 'placement': 'kind: StaticClusterConfiguration',
                    'ssh': 'kind: SSHConfig', 'installation': 'kind: InitConfiguration', 'primary_resources': '',
                    'resources': [{'name': 'modules', 'mode': 'enforced', 'template': 'kind: ModuleConfig'},
                                  {'name': 'users', 'mode': 'create-once', 'template': 'kind: User'}]}}
      """;

  @Test
  void readsEveryPartAndWritesTheSameJson() {
    final TemplateDocument document = TemplateDocument.fromMap(json(FULL));
    assertThat(document.name()).isEqualTo("static");
    assertThat(document.comment()).isEqualTo("three masters");
    assertThat(document.params()).hasSize(2);
    assertThat(document.sections()).isEqualTo(new Sections("kind: ClusterConfiguration",
        "kind: StaticClusterConfiguration", "kind: SSHConfig", "kind: InitConfiguration", "", List.of(
            new Sections.ResourceTab("modules", Sections.Mode.ENFORCED, "kind: ModuleConfig"),
            new Sections.ResourceTab("users", Sections.Mode.CREATE_ONCE, "kind: User"))));
    assertThat(document.toMap()).isEqualTo(json(FULL));
    assertThat(TemplateDocument.fromMap(document.toMap())).isEqualTo(document);
  }

  @Test
  void absentOptionalPartsReadAsEmptyAndTabsAsEnforced() {
    final TemplateDocument document = TemplateDocument.fromMap(json("""
        {'format': 'commander.cluster-template.v1', 'name': 'bare',
         'sections': {'kubernetes': 'kind: ClusterConfiguration', 'resources': [{'name': 'modules'}]}}
        """));
    assertThat(document.comment()).isEmpty();
    assertThat(document.params()).isEmpty();
    assertThat(document.sections()).isEqualTo(new Sections("kind: ClusterConfiguration", "", "", "", "",
        List.of(new Sections.ResourceTab("modules", Sections.Mode.ENFORCED, ""))));
    assertThat(document.toMap().get("sections")).isEqualTo(json("""
        {'kubernetes': 'kind: ClusterConfiguration', 'placement': '', 'ssh': '', 'installation': '',
         'primary_resources': '', 'resources': [{'name': 'modules', 'mode': 'enforced', 'template': ''}]}
        """));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      {'name': 'x', 'sections': {}}                                        | format: is required ("commander.cluster-template.v1")
      {'format': 'commander.cluster-template.v2', 'name': 'x', 'sections': {}} | format: 'commander.cluster-template.v2' is not a known format ("commander.cluster-template.v1")
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {}, 'id': 1} | id: unknown key (known: format, name, comment, params, sections)
      {'format': 'commander.cluster-template.v1', 'sections': {}}                | name: is required
      {'format': 'commander.cluster-template.v1', 'name': 7, 'sections': {}}      | name: must be a string
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'params': {}, 'sections': {}} | params: must be a list of fields and {header: ...} items
      {'format': 'commander.cluster-template.v1', 'name': 'x'}                    | sections: is required
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': 'kind: X'} | sections: must be an object
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'primaryResources': ''}} | sections.primaryResources: unknown key (known: kubernetes, placement, ssh, installation, primary_resources, resources)
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'ssh': ['a']}} | sections.ssh: must be a string
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': {}}} | sections.resources: must be a list of tabs
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': ['kind: X']}} | sections.resources[0]: must be an object with name, mode and template
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': [{'template': 'kind: X'}]}} | sections.resources[0].name: is required
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': [{'name': 'a'}, {'name': 'a'}]}} | sections.resources[1].name: 'a' is the name of another tab
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': [{'name': 'a', 'mode': 'once'}]}} | sections.resources[0].mode: 'once' is not a mode (enforced, create-once)
      {'format': 'commander.cluster-template.v1', 'name': 'x', 'sections': {'resources': [{'name': 'a', 'tmpl': ''}]}} | sections.resources[0].tmpl: unknown key (known: name, mode, template)
      """)
  void aMalformedDocumentIsRefusedWithItsPath(final String document, final String message) {
    assertThatThrownBy(() -> TemplateDocument.fromMap(json(document)))
        .isInstanceOf(TemplateDocumentException.class)
        .hasMessage(message)
        .extracting(e -> ((TemplateDocumentException) e).path())
        .isEqualTo(message.substring(0, message.indexOf(": ")));
  }
}
