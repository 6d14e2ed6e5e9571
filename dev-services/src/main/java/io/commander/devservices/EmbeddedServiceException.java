package io.commander.devservices;

/** An embedded service could not start; the message says why and what to do instead. */
public final class EmbeddedServiceException extends RuntimeException {

  public EmbeddedServiceException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
