package io.commander.server.telemetry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The metrics telemetry history charts, each read from one source's document as the agent sent it;
 * a metric its document lacks (or holds as something other than a number) is not charted.
 */
public enum HistoryMetric {
  NODES("nodes", Source.OVERVIEW, d -> number(d.getJsonObject("nodes"), "total")),
  CPU_CORES("cpu_cores", Source.OVERVIEW, d -> number(d, "cpu_cores")),
  CPU_USAGE_PERCENT("cpu_usage_percent", Source.OVERVIEW, d -> number(d, "cpu_usage_percent")),
  MEMORY_GIB("memory_gib", Source.OVERVIEW, d -> number(d, "memory_gib")),
  MEMORY_USAGE_PERCENT("memory_usage_percent", Source.OVERVIEW, d -> number(d, "memory_usage_percent")),
  ROOT_FS_USAGE_PERCENT("root_fs_usage_percent", Source.OVERVIEW, d -> number(d, "root_fs_usage_percent")),
  PVC_CAPACITY_GIB("pvc_capacity_gib", Source.OVERVIEW, d -> number(d, "pvc_capacity_gib")),
  FIRING_ALERTS("firing_alerts", Source.OVERVIEW, d -> Optional.ofNullable(d.getJsonObject("warnings"))
      .map(w -> w.getValue("firing_alerts")).filter(JsonArray.class::isInstance)
      .map(a -> (double) ((JsonArray) a).size())),
  AVAILABILITY("availability", Source.UPMETER, HistoryMetric::lowestAvailability);

  /** The sources telemetry-ingest stores; others are skipped. */
  public enum Source {
    OVERVIEW("overview"), UPMETER("upmeter");

    private final String id;

    Source(final String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Optional<Source> of(final String id) {
      return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
  }

  private final String id;
  private final Source source;
  private final Function<JsonObject, Optional<Double>> read;

  HistoryMetric(final String id, final Source source, final Function<JsonObject, Optional<Double>> read) {
    this.id = id;
    this.source = source;
    this.read = read;
  }

  public String id() {
    return id;
  }

  public Source source() {
    return source;
  }

  /** This metric's value in a document of its source. */
  public Optional<Double> read(final JsonObject document) {
    try {
      return read.apply(document);
    } catch (ClassCastException e) {
      return Optional.empty();
    }
  }

  public static Optional<HistoryMetric> of(final String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  private static Optional<Double> number(final JsonObject object, final String field) {
    return Optional.ofNullable(object).map(o -> o.getValue(field)).filter(Number.class::isInstance)
        .map(n -> ((Number) n).doubleValue()).filter(Double::isFinite);
  }

  /** The least available probe: what a chart of a cluster's health should show. */
  private static Optional<Double> lowestAvailability(final JsonObject upmeter) {
    final JsonArray rows = upmeter.getJsonArray("rows");
    if (rows == null) {
      return Optional.empty();
    }
    return rows.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .map(r -> r.getJsonArray("probes")).filter(p -> p != null).flatMap(JsonArray::stream)
        .filter(JsonObject.class::isInstance).map(p -> number((JsonObject) p, "availability"))
        .flatMap(Optional::stream).min(Double::compare);
  }
}
