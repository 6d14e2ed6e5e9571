package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.ProvisionerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@code dhctl} binary serves which DKP version. dhctl installs the Deckhouse release it was
 * built for, so a cluster must be driven by the binary of its own version: a version that is asked
 * for but not configured is an error, never a silent fallback to another version's binary.
 *
 * <p>Settings ({@link io.commander.server.provisioners.Job#settings()}, also accepted from
 * configuration through {@link #fromSettings}):
 * <ul>
 *   <li>{@code dhctl.binary}: the default binary, used when no version is asked for;</li>
 *   <li>{@code dhctl.binary.<version>}: the binary for one DKP version, e.g.
 *       {@code dhctl.binary.1.67=/opt/dhctl/1.67/dhctl};</li>
 *   <li>{@code dhctl.version}: the DKP version the cluster needs. {@code v1.67.3} looks for
 *       {@code 1.67.3}, then {@code 1.67} (one binary per minor release is the usual layout).</li>
 * </ul>
 */
public final class DhctlBinaries {

  /** The default binary's setting. */
  public static final String BINARY = "dhctl.binary";
  /** Prefix of the per-version binary settings. */
  public static final String BINARY_PREFIX = "dhctl.binary.";
  /** The setting naming the DKP version the cluster needs. */
  public static final String VERSION = "dhctl.version";

  private final Map<String, Path> byVersion;
  private final Path fallback;

  /**
   * @param byVersion binary per DKP version ({@code 1.67} or {@code 1.67.3}, without a leading {@code v})
   * @param fallback the binary used when no version is asked for
   */
  public DhctlBinaries(final Map<String, Path> byVersion, final Optional<Path> fallback) {
    this.byVersion = Map.copyOf(byVersion);
    this.fallback = fallback.orElse(null);
  }

  /** No binaries at all: every call needs {@code dhctl.binary} settings. */
  public static DhctlBinaries none() {
    return new DhctlBinaries(Map.of(), Optional.empty());
  }

  /** The binaries named by {@code dhctl.binary} and {@code dhctl.binary.<version>} settings. */
  public static DhctlBinaries fromSettings(final Map<String, String> settings) {
    final Map<String, Path> versions = new HashMap<>();
    Path defaultBinary = null;
    for (final Map.Entry<String, String> setting : settings.entrySet()) {
      final String value = setting.getValue() == null ? "" : setting.getValue().trim();
      if (value.isEmpty()) {
        continue;
      }
      if (setting.getKey().equals(BINARY)) {
        defaultBinary = Path.of(value);
      } else if (setting.getKey().startsWith(BINARY_PREFIX)) {
        versions.put(normalize(setting.getKey().substring(BINARY_PREFIX.length())), Path.of(value));
      }
    }
    return new DhctlBinaries(versions, Optional.ofNullable(defaultBinary));
  }

  /** These binaries with {@code other}'s added, {@code other} winning where both name one. */
  public DhctlBinaries overriddenBy(final DhctlBinaries other) {
    final Map<String, Path> versions = new HashMap<>(byVersion);
    versions.putAll(other.byVersion);
    return new DhctlBinaries(versions, Optional.ofNullable(other.fallback != null ? other.fallback : fallback));
  }

  /**
   * The binary for a DKP version, checked to be an executable file.
   *
   * @param version the DKP version the cluster needs; empty or blank for the default binary
   * @return the binary's path
   * @throws ProvisionerException {@link ProvisionerException.Reason#PERMANENT} when no binary is
   *     configured for the version (or no default when none is asked for), or the configured path
   *     is not an executable file; the message names the path and the setting that configures it
   */
  public Path resolve(final Optional<String> version) {
    final Optional<String> wanted = version.map(String::trim).filter(v -> !v.isEmpty()).map(DhctlBinaries::normalize);
    final Path binary;
    final String setting;
    if (wanted.isPresent()) {
      final String exact = wanted.get();
      final String minor = minor(exact);
      if (byVersion.containsKey(exact)) {
        binary = byVersion.get(exact);
        setting = BINARY_PREFIX + exact;
      } else if (byVersion.containsKey(minor)) {
        binary = byVersion.get(minor);
        setting = BINARY_PREFIX + minor;
      } else {
        throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "no dhctl binary is configured for DKP "
            + "version " + exact + ": set " + BINARY_PREFIX + minor + " (or " + BINARY_PREFIX + exact
            + ") to the path of that version's installer" + (byVersion.isEmpty() ? ""
                : "; configured versions: " + String.join(", ", byVersion.keySet().stream().sorted().toList())));
      }
    } else if (fallback != null) {
      binary = fallback;
      setting = BINARY;
    } else {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "no dhctl binary is configured: set "
          + BINARY + " to the DKP installer's path (or " + BINARY_PREFIX + "<version> and " + VERSION + ")");
    }
    if (!Files.isRegularFile(binary)) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "the dhctl binary " + binary
          + " (setting " + setting + ") does not exist: install the DKP installer there or point " + setting + " at it");
    }
    if (!Files.isExecutable(binary)) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "the dhctl binary " + binary
          + " (setting " + setting + ") is not executable: make it executable (chmod +x) or point " + setting
          + " at an executable installer");
    }
    return binary;
  }

  private static String normalize(final String version) {
    final String trimmed = version.trim();
    return trimmed.startsWith("v") ? trimmed.substring(1) : trimmed;
  }

  /** {@code 1.67.3} to {@code 1.67}; anything without two dots stays as it is. */
  private static String minor(final String version) {
    final int first = version.indexOf('.');
    final int second = first < 0 ? -1 : version.indexOf('.', first + 1);
    return second < 0 ? version : version.substring(0, second);
  }
}
