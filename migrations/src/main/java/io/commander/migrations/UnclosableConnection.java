package io.commander.migrations;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/** Hands Liquibase a connection whose {@code close()} does nothing, so our lock survives it. */
final class UnclosableConnection {

  private final Connection delegate;

  UnclosableConnection(final Connection delegate) {
    this.delegate = delegate;
  }

  Connection proxy() {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (p, method, args) -> {
          if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
            return null;
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
