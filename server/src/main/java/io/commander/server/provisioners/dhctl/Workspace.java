package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.ProvisionerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A private directory for one provisioner call: created {@code 0700}, its files written
 * {@code 0600} before any content goes in, and removed with everything in it (dhctl's own
 * temporary files included) when closed.
 */
final class Workspace implements AutoCloseable {

  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  private Workspace(final Path dir) {
    this.dir = dir;
  }

  /**
   * Creates the directory under {@code parent}.
   *
   * @throws ProvisionerException {@code PERMANENT} when it cannot be created (e.g. the file system
   *     has no POSIX permissions, so the secrets could not be kept private)
   */
  static Workspace create(final Path parent) {
    try {
      Files.createDirectories(parent);
      return new Workspace(Files.createTempDirectory(parent, "commander-dhctl-",
          PosixFilePermissions.asFileAttribute(DIRECTORY)));
    } catch (final IOException | UnsupportedOperationException e) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT,
          "could not create a private directory for dhctl under " + parent + ": " + e, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** A private subdirectory, e.g. dhctl's {@code --tmp-dir}. */
  Path directory(final String name) {
    try {
      return Files.createDirectory(dir.resolve(name), PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (final IOException e) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "could not create " + name + ": " + e, e);
    }
  }

  /** Writes a file readable by its owner only; the permissions are set before the content is written. */
  Path write(final String name, final String content) {
    final Path file = dir.resolve(name);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (final IOException e) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "could not write " + name + ": " + e, e);
    }
  }

  /** Removes the directory and everything in it, including files dhctl left read-only. */
  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(final Path directory, final BasicFileAttributes attrs)
            throws IOException {
          // A directory dhctl made read-only could not be emptied.
          Files.setPosixFilePermissions(directory, DIRECTORY);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(final Path file, final IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(final Path directory, final IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          Files.deleteIfExists(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (final IOException e) {
      throw new UncheckedIOException("could not remove " + dir, e);
    }
  }
}
