package io.commander.server.roles;

import io.commander.core.config.CommanderConfig;
import io.commander.server.api.ApiContract;
import io.commander.server.crypto.Keys;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** What the composition root has built and every role may use. */
public record Platform(CommanderConfig config, Vertx vertx, Pool pool, Keys keys, ApiContract contract,
                       OpenAPIContract routableContract, Clock clock) {
}
