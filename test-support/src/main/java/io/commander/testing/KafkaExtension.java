package io.commander.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves a {@link TestKafka} parameter: the real broker of this test JVM. */
public final class KafkaExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
    return parameter.getParameter().getType() == TestKafka.class;
  }

  @Override
  public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
    return TestKafka.get();
  }
}
