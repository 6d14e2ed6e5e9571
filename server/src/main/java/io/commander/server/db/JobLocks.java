package io.commander.server.db;

/**
 * Housekeeping that every process of a role schedules but only one should run at a time, when
 * several processes are one Commander: a statement made of a job's SQL and {@link #onlyOne} runs
 * in the process that takes the job's transaction-level advisory lock, and does nothing in the
 * others. A process that dies mid-job releases the lock with its transaction.
 */
public final class JobLocks {

  /** Finished tasks past their retention ("cmdrtask"). */
  public static final long TASK_PURGE = 0x636d64727461736bL;
  /** Audit records past their retention ("cmdraudt"). */
  public static final long AUDIT_PURGE = 0x636d647261756474L;
  /** Telemetry history past its retention ("cmdrtelm"). */
  public static final long TELEMETRY_PURGE = 0x636d647274656c6dL;

  private JobLocks() {
  }

  /** A condition, true only in the one transaction that holds the job's lock (evaluated once per statement). */
  public static String onlyOne(final long job) {
    return "(SELECT pg_try_advisory_xact_lock(" + job + "))";
  }
}
