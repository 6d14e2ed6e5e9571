// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { followTaskLog } from './taskLog';
import type { TaskLogLine } from './types';

class FakeEventSource {
  readonly listeners = new Map<string, ((e: Event) => void)[]>();
  onerror: ((e: Event) => void) | null = null;
  onopen: ((e: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (e: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown, id = '') {
    const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

const line = (seq: number): TaskLogLine => ({ seq, at: '2026-01-01T00:00:00Z', stream: 'stdout', line: `line ${seq}` });

describe('followTaskLog', () => {
  it('follows the SSE endpoint and hands over each line once, in batches, across reconnects', () => {
    let source!: FakeEventSource;
    const flushes: (() => void)[] = [];
    const got: number[][] = [];
    const handlers = { onLines: (l: TaskLogLine[]) => got.push(l.map((x) => x.seq)), onEnd: vi.fn(), onInterrupted: vi.fn(), onResumed: vi.fn() };
    followTaskLog('t-1', handlers, (url) => (source = new FakeEventSource(url)), (f) => flushes.push(f));
    expect(source.url).toBe('/api/v1/tasks/t-1/log?follow=true');

    source.emit('line', line(0), '0');
    source.emit('line', line(1), '1');
    flushes.shift()!();
    expect(got).toEqual([[0, 1]]);

    // The browser reconnects and the server sends from the start again: nothing repeats.
    source.onerror!(new Event('error'));
    expect(handlers.onInterrupted).toHaveBeenCalledTimes(1);
    source.onopen!(new Event('open'));
    expect(handlers.onResumed).toHaveBeenCalledTimes(1);
    source.emit('line', line(0), '0');
    source.emit('line', line(1), '1');
    source.emit('line', line(2), '2');
    source.emit('line', 'not json at all {', '3');
    flushes.shift()!();
    expect(got).toEqual([[0, 1], [2]]);
  });

  it('closes the stream at the end event (so the browser does not reconnect) and reports the final state', () => {
    let source!: FakeEventSource;
    const onEnd = vi.fn();
    const onLines = vi.fn();
    followTaskLog('t-2', { onLines, onEnd }, (url) => (source = new FakeEventSource(url)), () => undefined);
    source.emit('line', line(0));
    source.emit('end', { state: 'failed' });
    expect(source.closed).toBe(true);
    expect(onLines).toHaveBeenCalledWith([line(0)]);
    expect(onEnd).toHaveBeenCalledWith({ state: 'failed' });
  });

  it('stops when asked', () => {
    let source!: FakeEventSource;
    const onLines = vi.fn();
    const stop = followTaskLog('t-3', { onLines, onEnd: vi.fn() }, (url) => (source = new FakeEventSource(url)), (f) => f());
    stop();
    expect(source.closed).toBe(true);
    source.emit('line', line(0));
    expect(onLines).not.toHaveBeenCalled();
  });
});
