package io.commander.server.provisioners.dhctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The files a dhctl call is given, made from a job's rendered sections (values in, values out).
 *
 * <p>Grouping, as Commander documents it: {@code config.yaml} holds the InitConfiguration
 * ({@code installation}), the ModuleConfigs of built-in modules, the ClusterConfiguration
 * ({@code kubernetes}) and the provider or static configuration ({@code placement});
 * {@code resources.yaml} holds every other manifest of {@code primary_resources} and of the
 * {@code resources/<tab>} sections (tabs by name). A ModuleConfig found among the resources goes to
 * {@code config.yaml}, because dhctl configures Deckhouse's built-in modules from there before
 * Deckhouse starts, unless its module is named in {@code dhctl.external-modules} (modules from a
 * ModuleSource, which only exist once the resources are created). {@code connection.yaml} holds the
 * {@code ssh} section (SSHConfig and SSHHost), with the cluster's private key
 * ({@code secrets.ssh_private_key}) added as {@code sshAgentPrivateKeys} when the SSHConfig names
 * no key of its own.
 *
 * @param config {@code config.yaml}
 * @param resources {@code resources.yaml}, empty when there are no resources
 * @param connection {@code connection.yaml}, empty when the ssh section is
 * @param secrets every secret value the files hold, for masking dhctl's output
 */
record DhctlInputs(String config, String resources, String connection, List<String> secrets) {

  /** Where a dhctl setting lists modules that are not built into DKP. */
  static final String EXTERNAL_MODULES = "dhctl.external-modules";

  private static final Pattern DOCUMENT_START = Pattern.compile("^---(\\s.*)?$");
  private static final Pattern DOCUMENT_END = Pattern.compile("^\\.\\.\\.\\s*$");
  private static final String SEPARATOR = "---\n";

  DhctlInputs {
    secrets = List.copyOf(secrets);
  }

  /**
   * Builds the files.
   *
   * @param rendered the job's rendered sections
   * @param secrets the job's secrets ({@code ssh_private_key} is used)
   * @param externalModules modules whose ModuleConfigs stay in {@code resources.yaml}
   */
  static DhctlInputs from(final Map<String, String> rendered, final Map<String, String> secrets,
                          final Set<String> externalModules) {
    final List<String> moduleConfigs = new ArrayList<>();
    final List<String> resources = new ArrayList<>();
    final List<String> resourceSections = new ArrayList<>();
    resourceSections.add("primary_resources");
    rendered.keySet().stream().filter(key -> key.startsWith("resources/")).sorted().forEach(resourceSections::add);
    for (final String section : resourceSections) {
      for (final String document : documents(rendered.get(section))) {
        final Optional<String> module = moduleConfigName(document);
        if (module.isPresent() && !externalModules.contains(module.get())) {
          moduleConfigs.add(document);
        } else {
          resources.add(document);
        }
      }
    }
    final List<String> config = new ArrayList<>(documents(rendered.get("installation")));
    config.addAll(moduleConfigs);
    config.addAll(documents(rendered.get("kubernetes")));
    config.addAll(documents(rendered.get("placement")));

    final List<String> found = new ArrayList<>();
    final String privateKey = secrets.getOrDefault("ssh_private_key", "");
    if (!privateKey.isBlank()) {
      found.add(privateKey);
    }
    final List<String> connection = new ArrayList<>();
    for (final String document : documents(rendered.get("ssh"))) {
      connection.add(withKey(document, privateKey, found));
    }
    for (final String document : documents(rendered.get("installation"))) {
      collectInstallationSecrets(document, found);
    }
    return new DhctlInputs(join(config), join(resources), join(connection), found);
  }

  /** The module names of {@code dhctl.external-modules} (comma- or space-separated). */
  static Set<String> externalModules(final Map<String, String> settings) {
    final String value = settings.getOrDefault(EXTERNAL_MODULES, "");
    return value.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(value.trim().split("[,\\s]+")));
  }

  /** The non-empty documents of a multi-document YAML text, each ending with a newline. */
  static List<String> documents(final String text) {
    final List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    for (final String line : text.split("\r?\n", -1)) {
      if (DOCUMENT_START.matcher(line).matches() || DOCUMENT_END.matcher(line).matches()) {
        addIfContent(out, current);
        current = new StringBuilder();
      } else {
        current.append(line).append('\n');
      }
    }
    addIfContent(out, current);
    return out;
  }

  private static void addIfContent(final List<String> out, final StringBuilder document) {
    final boolean content = document.toString().lines()
        .anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#"));
    if (content) {
      String text = document.toString();
      while (text.endsWith("\n\n")) {
        text = text.substring(0, text.length() - 1);
      }
      out.add(text);
    }
  }

  private static String join(final List<String> documents) {
    return String.join(SEPARATOR, documents);
  }

  /** The module a ModuleConfig configures (its metadata.name), empty for any other document. */
  private static Optional<String> moduleConfigName(final String document) {
    final Map<String, Object> map = load(document);
    if (!"ModuleConfig".equals(map.get("kind")) || !(map.get("apiVersion") instanceof String apiVersion)
        || !apiVersion.startsWith("deckhouse.io/") || !(map.get("metadata") instanceof Map<?, ?> metadata)
        || !(metadata.get("name") instanceof String name)) {
      return Optional.empty();
    }
    return Optional.of(name);
  }

  /**
   * An SSH document with the cluster's key added when it is an SSHConfig without keys, and its
   * secrets (keys, passphrases, passwords) collected.
   */
  private static String withKey(final String document, final String privateKey, final List<String> found) {
    final Map<String, Object> map = load(document);
    if (!"SSHConfig".equals(map.get("kind"))) {
      return document;
    }
    for (final String field : List.of("sudoPassword", "sshBastionPassword")) {
      if (map.get(field) instanceof String value && !value.isEmpty()) {
        found.add(value);
      }
    }
    final boolean hasKeys = map.get("sshAgentPrivateKeys") instanceof List<?> keys && !keys.isEmpty();
    if (hasKeys) {
      for (final Object entry : (List<?>) map.get("sshAgentPrivateKeys")) {
        if (entry instanceof Map<?, ?> key) {
          for (final String field : List.of("key", "passphrase")) {
            if (key.get(field) instanceof String value && !value.isEmpty()) {
              found.add(value);
            }
          }
        }
      }
      return document;
    }
    if (privateKey.isBlank()) {
      return document;
    }
    final Map<String, Object> withKey = new LinkedHashMap<>(map);
    withKey.put("sshAgentPrivateKeys", List.of(Map.of("key", privateKey.endsWith("\n") ? privateKey : privateKey + "\n")));
    final DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(new Representer(options), options).dump(withKey);
  }

  /** InitConfiguration's registry credentials ({@code deckhouse.registryDockerCfg}). */
  private static void collectInstallationSecrets(final String document, final List<String> found) {
    final Map<String, Object> map = load(document);
    if ("InitConfiguration".equals(map.get("kind")) && map.get("deckhouse") instanceof Map<?, ?> deckhouse
        && deckhouse.get("registryDockerCfg") instanceof String dockerCfg && !dockerCfg.isEmpty()) {
      found.add(dockerCfg);
    }
  }

  /** A document as a map; empty when it is not a mapping or does not parse (dhctl reports that itself). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(final String document) {
    try {
      final Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
      return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (final RuntimeException notYaml) {
      return Map.of();
    }
  }
}
