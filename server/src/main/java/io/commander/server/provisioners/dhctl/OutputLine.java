package io.commander.server.provisioners.dhctl;

/**
 * One line of a dhctl run's output, already masked.
 *
 * @param stream {@code stdout} or {@code stderr}
 * @param text the line, without its line break
 */
record OutputLine(String stream, String text) {

  static final String STDOUT = "stdout";
  static final String STDERR = "stderr";
}
