package io.commander.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  private static final class Manual extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Manual clock = new Manual();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void delaysDoubleAfterTheFreeFailuresAndExpire() {
    for (int i = 0; i < LoginThrottle.FREE_ACCOUNT_FAILURES - 1; i++) {
      throttle.failed("a@x", "10.0.0." + i);
    }
    assertThat(throttle.waitFor("a@x", "10.0.0.9")).isEmpty();
    throttle.failed("a@x", "10.0.0.9");
    assertThat(throttle.waitFor("A@X", "10.0.0.99")).as("per account, whatever the address and case")
        .contains(Duration.ofSeconds(1));
    throttle.failed("a@x", "10.0.0.9");
    assertThat(throttle.waitFor("a@x", "10.0.0.9")).contains(Duration.ofSeconds(2));
    clock.now = clock.now.plusSeconds(2);
    assertThat(throttle.waitFor("a@x", "10.0.0.9")).isEmpty();
    clock.now = clock.now.plus(LoginThrottle.WINDOW).plusSeconds(1);
    throttle.failed("a@x", "10.0.0.9");
    assertThat(throttle.waitFor("a@x", "10.0.0.9")).as("old failures expire").isEmpty();
  }

  @Test
  void oneAddressGuessingManyAccountsIsSlowedToo() {
    for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
      throttle.failed("user" + i + "@x", "10.1.1.1");
    }
    assertThat(throttle.waitFor("fresh@x", "10.1.1.1")).isPresent();
    assertThat(throttle.waitFor("fresh@x", "10.1.1.2")).isEmpty();
  }

  @Test
  void successClearsTheAccount() {
    for (int i = 0; i < LoginThrottle.FREE_ACCOUNT_FAILURES; i++) {
      throttle.failed("b@x", "10.2.2." + i);
    }
    assertThat(throttle.waitFor("b@x", "10.3.3.3")).isPresent();
    throttle.succeeded("b@x");
    assertThat(throttle.waitFor("b@x", "10.3.3.3")).isEmpty();
  }

  @Test
  void delayIsCapped() {
    for (int i = 0; i < 40; i++) {
      throttle.failed("c@x", "10.4.4.4");
    }
    assertThat(throttle.waitFor("c@x", "10.9.9.9")).contains(LoginThrottle.MAX_DELAY);
  }
}
