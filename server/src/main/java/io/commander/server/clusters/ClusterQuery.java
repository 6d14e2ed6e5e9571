package io.commander.server.clusters;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * What narrows and orders a list of clusters: a status, a piece of the name, a template, one of its versions, a sync mode, and
 * one of the orders a client may ask for (the default, newest first, is the one keyset paging follows).
 */
public record ClusterQuery(Optional<String> status, Optional<String> nameContains, Optional<UUID> templateId,
                           Optional<UUID> templateVersionId, Optional<String> syncMode, Sort sort) {

  /** The orders of {@code sort=}, each ending on the id so pages never overlap. */
  public enum Sort {
    NEWEST("-created_at", "c.created_at DESC, c.id"),
    OLDEST("created_at", "c.created_at, c.id"),
    NAME("name", "c.name, c.id"),
    NAME_DESC("-name", "c.name DESC, c.id"),
    STATUS("status", "c.status, c.name, c.id"),
    STATUS_DESC("-status", "c.status DESC, c.name, c.id"),
    UPDATED("updated_at", "c.updated_at, c.id"),
    UPDATED_DESC("-updated_at", "c.updated_at DESC, c.id");

    final String param;
    final String sql;

    Sort(final String param, final String sql) {
      this.param = param;
      this.sql = sql;
    }

    /** The order a {@code sort} parameter names (the contract allows only these), newest first without one. */
    public static Sort of(final Optional<String> param) {
      return param.flatMap(p -> Arrays.stream(values()).filter(s -> s.param.equals(p)).findFirst()).orElse(NEWEST);
    }
  }

  public static ClusterQuery all() {
    return new ClusterQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Sort.NEWEST);
  }

  /** The name filter as an ILIKE pattern: the text anywhere in the name, its own % and _ taken literally. */
  Optional<String> namePattern() {
    return nameContains.map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
  }
}
