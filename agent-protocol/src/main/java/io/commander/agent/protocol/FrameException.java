package io.commander.agent.protocol;

/** A frame that cannot be taken: the connection it came on is closed with {@link #reason()}. */
public final class FrameException extends RuntimeException {

  /** Why, as counted on /metrics and sent in the close frame. */
  public enum Reason {
    MALFORMED("malformed"), UNKNOWN("unknown"), OVERSIZE("oversize"), VERSION("version"), UNEXPECTED("unexpected");

    private final String label;

    Reason(final String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  public FrameException(final Reason reason, final String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
