package io.commander.server.provisioners;

/**
 * A provisioner call that did not succeed, with why: its message is what the task's error shows,
 * so it names the step and the cause (e.g. dhctl's last error lines), not just an exit status.
 */
public class ProvisionerException extends RuntimeException {

  /** How the cluster manager treats the failure. */
  public enum Reason {
    /** Worth retrying with backoff (network, API server unavailable, lock held). */
    TRANSIENT,
    /** Retrying the same input fails the same way (bad configuration, refused by the cluster). */
    PERMANENT,
    /** The task was canceled. */
    CANCELED,
    /** The call ran past its timeout. */
    TIMEOUT
  }

  private final Reason reason;

  public ProvisionerException(final Reason reason, final String message) {
    this(reason, message, null);
  }

  public ProvisionerException(final Reason reason, final String message, final Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
