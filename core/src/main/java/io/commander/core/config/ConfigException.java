package io.commander.core.config;

/**
 * A configuration problem that stops start-up. Its message is one line that names the key
 * (and the environment variable that overrides it) and says what is wrong.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(final String message) {
    super(message, null, false, false);
  }

  /** A problem with one declared setting. */
  public static ConfigException of(final Setting setting, final String problem) {
    return new ConfigException(setting.key() + " (" + setting.envName() + "): " + problem);
  }
}
