package io.commander.server.api;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract as the request validator sees it, with one difference: a parameter's schema validator
 * is made once and kept. vertx-openapi 5.0.10 asks the schema repository for a new validator for
 * every parameter of every request, and each copies the lookup table of the contract's schemas: the
 * largest cost of a read request in profiles. Validators are stateless, so one per schema serves all.
 */
final class ValidatorCachingContract implements OpenAPIContract {

  private final OpenAPIContract contract;
  private final SchemaRepository repository;

  ValidatorCachingContract(final OpenAPIContract contract) {
    this.contract = contract;
    this.repository = new CachingRepository(contract.getSchemaRepository());
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return repository;
  }

  @Override
  public Operation operation(final String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return contract.getPaths();
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(final String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(final String urlPath, final HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(final String name) {
    return contract.securityScheme(name);
  }

  /** Keeps the validator of each schema object (the contract's schemas never change). */
  private static final class CachingRepository implements SchemaRepository {

    private final SchemaRepository repository;
    private final Map<JsonSchema, Validator> validators = Collections.synchronizedMap(new IdentityHashMap<>());

    CachingRepository(final SchemaRepository repository) {
      this.repository = repository;
    }

    @Override
    public Validator validator(final JsonSchema schema) {
      return validators.computeIfAbsent(schema, repository::validator);
    }

    @Override
    public SchemaRepository dereference(final JsonSchema schema) throws SchemaException {
      return repository.dereference(schema);
    }

    @Override
    public SchemaRepository dereference(final String uri, final JsonSchema schema) throws SchemaException {
      return repository.dereference(uri, schema);
    }

    @Override
    public SchemaRepository preloadMetaSchema(final FileSystem fs) {
      return repository.preloadMetaSchema(fs);
    }

    @Override
    public SchemaRepository preloadMetaSchema(final FileSystem fs, final Draft draft) {
      return repository.preloadMetaSchema(fs, draft);
    }

    @Override
    public Validator validator(final String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(final String ref, final JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(final JsonSchema schema, final JsonSchemaOptions options, final boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(final JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(final String pointer) {
      return repository.find(pointer);
    }
  }
}
