package io.commander.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own fresh, migrated database: declare a {@link TestDatabase} parameter
 * (in {@code @BeforeAll}, {@code @BeforeEach} or a test method). All methods of the class share
 * the same database.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
    final Class<?> testClass = context.getRequiredTestClass();
    final ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
    return classContext.getStore(NS).getOrComputeIfAbsent(testClass,
        c -> TestPostgres.get().newDatabase(testClass.getSimpleName()), TestDatabase.class);
  }
}
