package io.commander.server.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who renders next: a workspace's share, round-robin between workspaces, refusal when full. */
class RenderQueueTest {

  private final List<String> started = new ArrayList<>();

  private RenderQueue.Job job(final String name) {
    return () -> started.add(name);
  }

  @Test
  void aWorkspaceRunsAtMostItsShareAndTheOthersGetTheRest() {
    final RenderQueue queue = new RenderQueue(4, 2, 64);
    for (int i = 0; i < 5; i++) {
      assertThat(queue.offer("hostile", job("h" + i))).isTrue();
    }
    assertThat(started).containsExactly("h0", "h1");
    assertThat(queue.offer("ordinary", job("o0"))).isTrue();
    assertThat(queue.offer("ordinary", job("o1"))).isTrue();
    assertThat(started).containsExactly("h0", "h1", "o0", "o1");
    assertThat(queue.running()).isEqualTo(4);
    assertThat(queue.waiting()).isEqualTo(3);
  }

  @Test
  void waitingWorkspacesAreServedInTurn() {
    final RenderQueue queue = new RenderQueue(1, 1, 64);
    queue.offer("a", job("a0"));
    queue.offer("a", job("a1"));
    queue.offer("a", job("a2"));
    queue.offer("b", job("b0"));
    queue.offer("b", job("b1"));

    queue.done("a");
    queue.done("a");
    queue.done("b");
    queue.done("a");

    assertThat(started).containsExactly("a0", "a1", "b0", "a2", "b1");
  }

  @Test
  void aFullQueueOrAFullWorkspacePartRefusesAtOnce() {
    final RenderQueue queue = new RenderQueue(1, 1, 8);
    queue.offer("a", job("a0"));
    assertThat(queue.offer("a", job("a1"))).isTrue();
    assertThat(queue.offer("a", job("a2"))).isTrue();
    assertThat(queue.offer("a", job("a3"))).as("a quarter of 8 waits; more is refused").isFalse();
    for (int i = 0; i < 6; i++) {
      assertThat(queue.offer("w" + i, job("w" + i))).isTrue();
    }
    assertThat(queue.offer("late", job("late"))).as("8 waiting").isFalse();
  }

  @Test
  void aWithdrawnJobNeverStarts() {
    final RenderQueue queue = new RenderQueue(1, 1, 8);
    final RenderQueue.Job waiting = job("a1");
    queue.offer("a", job("a0"));
    queue.offer("a", waiting);

    assertThat(queue.withdraw("a", waiting)).isTrue();
    queue.done("a");

    assertThat(started).containsExactly("a0");
    assertThat(queue.withdraw("a", waiting)).isFalse();
  }
}
