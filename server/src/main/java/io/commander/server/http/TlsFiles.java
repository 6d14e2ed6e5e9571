package io.commander.server.http;

import io.commander.core.config.CommanderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The PEM text of the HTTP server's TLS files, for those who must trust it; read once, at start. */
public final class TlsFiles {

  private TlsFiles() {
  }

  /** The configured CA ({@code http.tls-ca-file}), or empty: plain HTTP, or a publicly trusted certificate. */
  public static String caBundle(final CommanderConfig.Http http) {
    return http.tls().flatMap(CommanderConfig.Tls::caFile).map(TlsFiles::read).orElse("");
  }

  /**
   * What this process trusts when it dials its own port: the server's certificate itself and the CA,
   * whoever issued it (a self-signed certificate included). Empty for plain HTTP.
   */
  public static String ownTrust(final CommanderConfig.Http http) {
    return http.tls().map(tls -> read(tls.certFile()) + "\n" + caBundle(http)).orElse("");
  }

  private static String read(final Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
