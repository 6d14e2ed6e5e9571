package io.commander.testing;

import java.util.Map;

/**
 * A fresh database for one test class, cloned from the migrated template: the full schema, no rows.
 *
 * @param host server host
 * @param port server port
 * @param name database name
 * @param user user that owns it
 * @param password that user's password (may be empty)
 */
public record TestDatabase(String host, int port, String name, String user, String password) {

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /** The environment that points a Commander process at this database. */
  public Map<String, String> commanderEnv() {
    return Map.of(
        "COMMANDER_DB_MODE", "external",
        "COMMANDER_DB_HOST", host,
        "COMMANDER_DB_PORT", Integer.toString(port),
        "COMMANDER_DB_NAME", name,
        "COMMANDER_DB_USER", user,
        "COMMANDER_DB_PASSWORD", password,
        "COMMANDER_DB_SSL_MODE", "disable");
  }
}
