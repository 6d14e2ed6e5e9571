package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusters list's total without filters comes from the counts the database keeps per workspace
 * (migration 0018): after creates (concurrent ones too), a refused create, archives and deletes, in
 * one workspace and another, it is what counting the clusters gives; the pages of each statement form
 * (first pages of a usual size, other sizes, offsets, cursors, filters) give the same list.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ClusterCountsTest {

  private ApiFixture api;
  private Workspace one;
  private Workspace other;

  /** A workspace, a token of it and a template version to create clusters from. */
  private record Workspace(UUID id, Credentials token, String version) {
  }

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    one = workspace("counts-one");
    other = workspace("counts-other");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Workspace workspace(final String slug) {
    final UUID id = api.workspace(slug);
    final Credentials token = Credentials.token(api.token(api.admin(), id, false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", new JsonArray("[{\"key\": \"masters\", \"type\": \"number\", \"title\": \"Masters\", "
            + "\"min\": 1, \"max\": 5}]"))
        .put("sections", CloudTemplate.sections()), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    return new Workspace(id, token, template.json().getString("current_cluster_template_version_id"));
  }

  private Response create(final Workspace in, final String name) {
    return api.call("POST", "/clusters", new JsonObject().put("name", name).put("cluster_template_version_id",
        in.version()).put("provisioner", "simulated").put("values", new JsonObject().put("masters", 1)), in.token());
  }

  private String created(final Workspace in, final String name) {
    final Response r = create(in, name);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private long total(final Workspace in, final String query) {
    final Response r = api.call("GET", "/clusters?limit=1" + query, null, in.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Long.parseLong(r.header("X-Total-Count").orElseThrow());
  }

  /** The totals answered match counting the clusters, in both workspaces, with and without archived ones. */
  private void totalsAreCounts() {
    for (Workspace w : List.of(one, other)) {
      assertThat(total(w, "")).as("total").isEqualTo(Long.parseLong(api.queryOne(
          "SELECT count(*) FROM clusters WHERE workspace_id = ?::uuid", w.id().toString())));
      assertThat(total(w, "&without_archived=true")).as("live total").isEqualTo(Long.parseLong(api.queryOne(
          "SELECT count(*) FROM clusters WHERE workspace_id = ?::uuid AND archived_at IS NULL", w.id().toString())));
    }
    assertThat(api.queryOne("""
        SELECT count(*) FROM (SELECT workspace_id, count(*) AS clusters, count(*) FILTER (WHERE archived_at IS NULL) AS live
                              FROM clusters GROUP BY workspace_id) counted
        FULL JOIN (SELECT workspace_id, sum(clusters) AS clusters, sum(live) AS live FROM cluster_counts
                   GROUP BY workspace_id) kept USING (workspace_id)
        WHERE coalesce(counted.clusters, 0) <> coalesce(kept.clusters, 0)
           OR coalesce(counted.live, 0) <> coalesce(kept.live, 0)""")).as("workspaces whose kept counts differ")
        .isEqualTo("0");
  }

  @Test
  void theTotalFollowsCreatesRefusalsArchivesAndDeletesInEachWorkspace() throws Exception {
    assertThat(total(one, "")).isZero();
    final List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(created(one, "one-" + i));
    }
    created(other, "other-0");
    totalsAreCounts();
    assertThat(total(one, "")).isEqualTo(3);
    assertThat(total(other, "")).isEqualTo(1);

    // A refused create (the name is taken) writes nothing, its count neither.
    assertThat(create(one, "one-0").status()).isEqualTo(409);
    assertThat(total(one, "")).isEqualTo(3);

    // Concurrent creates in both workspaces, on many pooled connections at once.
    final ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      final List<Future<String>> creates = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        final int n = i;
        creates.add(clients.submit(() -> created(n % 3 == 0 ? other : one, "many-" + n)));
      }
      for (Future<String> f : creates) {
        f.get();
      }
    } finally {
      clients.shutdown();
    }
    totalsAreCounts();
    assertThat(total(one, "")).isEqualTo(3 + 16);
    assertThat(total(other, "")).isEqualTo(1 + 8);

    // Archived as a finished delete task archives: still in the total, not in the live one.
    api.queryOne("UPDATE clusters SET status = 'deleted', archived_at = now() WHERE id = ?::uuid RETURNING id",
        ids.get(0));
    assertThat(total(one, "")).isEqualTo(19);
    assertThat(total(one, "&without_archived=true")).isEqualTo(18);
    // Other updates leave the counts as they are.
    api.queryOne("UPDATE clusters SET status = 'in_sync', updated_at = now() WHERE id = ?::uuid RETURNING id",
        ids.get(1));
    // A row deleted outright (as an operator might) is counted out as well.
    api.queryOne("DELETE FROM clusters WHERE id = ?::uuid RETURNING id", ids.get(2));
    totalsAreCounts();
    assertThat(total(one, "")).isEqualTo(18);
    assertThat(total(one, "&without_archived=true")).isEqualTo(17);
    assertThat(total(other, "")).isEqualTo(9);
  }

  @Test
  void everyFormOfTheListGivesTheSameClustersInTheSameOrder() {
    final Workspace w = workspace("counts-forms");
    for (int i = 0; i < 23; i++) {
      created(w, "form-" + i);
    }
    // Some share a creation time across page boundaries: the id orders them.
    api.queryOne("UPDATE clusters SET created_at = '2030-01-01T00:00:00Z' WHERE name IN ('form-8', 'form-9', "
        + "'form-10', 'form-11') RETURNING 1");
    api.queryOne("UPDATE clusters SET status = 'creation_failed' WHERE name IN ('form-1', 'form-9', 'form-12', "
        + "'form-20') RETURNING 1");
    final List<String> whole = ids(api.call("GET", "/clusters?limit=1000", null, w.token()));
    assertThat(whole).hasSize(23);
    assertThat(whole).isEqualTo(api.queryOne("SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id) "
        + "FROM clusters WHERE workspace_id = ?::uuid", w.id().toString()).lines()
        .flatMap(l -> List.of(l.split(",")).stream()).toList());
    for (int limit : List.of(10, 7)) {
      assertThat(byCursor(w, "/clusters?limit=" + limit)).as("cursor, limit " + limit).isEqualTo(whole);
      final List<String> byOffset = new ArrayList<>();
      for (int offset = 0; offset < whole.size(); offset += limit) {
        final Response page = api.call("GET", "/clusters?limit=" + limit + "&offset=" + offset, null, w.token());
        assertThat(page.header("X-Total-Count")).contains("23");
        byOffset.addAll(ids(page));
      }
      assertThat(byOffset).as("offset, limit " + limit).isEqualTo(whole);
    }
    final List<String> failed = ids(api.call("GET", "/clusters?limit=1000&status=creation_failed", null, w.token()));
    assertThat(failed).hasSize(4).isEqualTo(whole.stream().filter(id -> api.queryOne(
        "SELECT status FROM clusters WHERE id = ?::uuid", id).equals("creation_failed")).toList());
    final Response failedPage = api.call("GET", "/clusters?limit=10&status=creation_failed", null, w.token());
    assertThat(failedPage.header("X-Total-Count")).contains("4");
    assertThat(ids(failedPage)).isEqualTo(failed);
    assertThat(byCursor(w, "/clusters?limit=2&status=creation_failed")).isEqualTo(failed);
    assertThat(ids(api.call("GET", "/clusters?limit=10&offset=2&status=creation_failed", null, w.token())))
        .isEqualTo(failed.subList(2, 4));
    final Response beyond = api.call("GET", "/clusters?limit=10&offset=100", null, w.token());
    assertThat(beyond.array()).isEmpty();
    assertThat(beyond.header("X-Total-Count")).contains("23");
  }

  private List<String> byCursor(final Workspace w, final String first) {
    final List<String> ids = new ArrayList<>();
    String next = first;
    int pages = 0;
    while (next != null) {
      final Response page = api.call("GET", next, null, w.token());
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      ids.addAll(ids(page));
      next = page.header("Link").map(link -> link.replaceAll("^<(/api/v1)?([^>]+)>; rel=\"next\"$", "$2"))
          .orElse(null);
      assertThat(++pages).as("pages").isLessThanOrEqualTo(30);
    }
    return ids;
  }

  private static List<String> ids(final Response r) {
    return r.array().stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
