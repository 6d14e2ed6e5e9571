package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.config.CommanderConfig;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;

/** The pool's settings. */
class DatabaseTest {

  @Test
  void aRequestWaitingForAConnectionHasNoTimerThatCouldFailItAfterItWasAnswered() {
    final CommanderConfig.Db db = new CommanderConfig.Db(CommanderConfig.DbMode.EXTERNAL, "db.example", 5432,
        "commander", "commander", "", "disable", 12, 0);
    final PoolOptions options = Database.poolOptions(db);
    // Vert.x 5.0.10's wait timer can fail a waiter's promise after its connection was handed over
    // ("Promise already completed", unhandled): see Database.poolOptions.
    assertThat(options.getConnectionTimeout()).isZero();
    assertThat(options.getMaxSize()).isEqualTo(12);
    assertThat(options.isShared()).isFalse();
  }
}
