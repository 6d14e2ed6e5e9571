import { describe, expect, it, vi } from 'vitest';
import { clusterOf, LiveEvents, type LiveEvent } from './liveEvents';
import type { EventSourceLike } from './taskLog';

class FakeSource implements EventSourceLike {
  onerror: ((event: Event) => void) | null = null;
  onopen: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners: Record<string, ((event: Event) => void)[]> = {};
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void): void {
    (this.listeners[type] ??= []).push(listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(event: Partial<LiveEvent>): void {
    const data = JSON.stringify({ workspace_id: 'w1', time: '2026-12-04T10:00:00Z', data: {}, ...event });
    (this.listeners.message ?? []).forEach((l) => l({ data } as unknown as Event));
  }
}

function setup() {
  const opened: FakeSource[] = [];
  const live = new LiveEvents((url) => {
    const source = new FakeSource(url);
    opened.push(source);
    return source;
  });
  return { live, opened };
}

describe('LiveEvents', () => {
  it('opens one stream per workspace for every listener and closes it with the last one', () => {
    const { live, opened } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = live.subscribe('w1', a);
    const stopB = live.subscribe('w1', b);
    expect(opened).toHaveLength(1);
    expect(opened[0].url).toBe('/api/v1/events/stream?workspace_id=w1');
    opened[0].emit({ id: 'e1', type: 'io.commander.cluster.created', subject: 'c1' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    stopA();
    expect(opened[0].closed).toBe(false);
    stopB();
    expect(opened[0].closed).toBe(true);
    live.subscribe('w1', a);
    expect(opened).toHaveLength(2);
  });

  it('drops an event seen before a reconnect and ignores what is not an event', () => {
    const { live, opened } = setup();
    const listener = vi.fn();
    live.subscribe('w1', listener);
    opened[0].emit({ id: 'e1', type: 'io.commander.task.started', subject: 't1' });
    opened[0].emit({ id: 'e1', type: 'io.commander.task.started', subject: 't1' });
    (opened[0] as unknown as { listeners: Record<string, ((e: Event) => void)[]> }).listeners.message[0]({ data: 'not json' } as unknown as Event);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('tells its listeners whether it is connected', () => {
    const { live, opened } = setup();
    const states: string[] = [];
    live.subscribe('w1', () => undefined, (s) => states.push(s));
    opened[0].onopen?.(new Event('open'));
    opened[0].onerror?.(new Event('error'));
    opened[0].emit({ id: 'e2', type: 'io.commander.cluster.status_changed', subject: 'c1' });
    expect(states).toEqual(['connecting', 'live', 'interrupted', 'live']);
  });
});

describe('clusterOf', () => {
  const base = { id: 'e', workspace_id: 'w', time: '' };
  it('is the subject of a cluster event and data.cluster_id of the others', () => {
    expect(clusterOf({ ...base, type: 'io.commander.cluster.status_changed', subject: 'c1', data: {} })).toBe('c1');
    expect(clusterOf({ ...base, type: 'io.commander.task.succeeded', subject: 't1', data: { cluster_id: 'c2' } })).toBe('c2');
    expect(clusterOf({ ...base, type: 'io.commander.template_version.created', subject: 'v1', data: {} })).toBeNull();
  });
});
