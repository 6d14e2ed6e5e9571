import { API_BASE } from './client';
import type { TaskLogLine, TaskState } from './types';

export interface TaskLogEnd {
  state?: TaskState;
  error?: string | null;
  [key: string]: unknown;
}

export interface TaskLogHandlers {
  onLines(lines: TaskLogLine[]): void;
  onEnd(end: TaskLogEnd): void;
  /** The connection broke; the browser reconnects by itself (lines already seen are not repeated). */
  onInterrupted?(): void;
  onResumed?(): void;
}

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
  onopen: ((event: Event) => void) | null;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const browserEventSource: EventSourceFactory = (url) => new EventSource(url, { withCredentials: true });

/**
 * Follows a task's log over server-sent events (GET /tasks/{id}/log?follow=true; the session cookie
 * authenticates it, so the browser's EventSource does). Each line comes once, in order, even across
 * reconnects; lines are handed over in batches per animation frame so a fast log does not re-render
 * per line. Returns the function that stops following.
 */
export function followTaskLog(
  taskId: string,
  handlers: TaskLogHandlers,
  open: EventSourceFactory = browserEventSource,
  schedule: (flush: () => void) => void = (f) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => f()) : setTimeout(f, 16)),
): () => void {
  let lastSeq = -1;
  let pending: TaskLogLine[] = [];
  let scheduled = false;
  let stopped = false;
  let interrupted = false;
  const source = open(`${API_BASE}/tasks/${encodeURIComponent(taskId)}/log?follow=true`);

  const flush = () => {
    scheduled = false;
    if (stopped || pending.length === 0) return;
    const batch = pending;
    pending = [];
    handlers.onLines(batch);
  };

  source.addEventListener('line', (event) => {
    const message = event as MessageEvent<string>;
    let line: TaskLogLine;
    try {
      line = JSON.parse(message.data) as TaskLogLine;
    } catch {
      return;
    }
    if (!line || typeof line !== 'object') return;
    const seq = typeof line.seq === 'number' ? line.seq : Number(message.lastEventId);
    if (!Number.isFinite(seq) || seq <= lastSeq) return;
    lastSeq = seq;
    pending.push({ ...line, seq });
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  });

  source.addEventListener('end', (event) => {
    source.close();
    flush();
    let end: TaskLogEnd = {};
    try {
      end = JSON.parse((event as MessageEvent<string>).data) as TaskLogEnd;
    } catch {
      // an end without a body still ends
    }
    if (!stopped) handlers.onEnd(end);
    stopped = true;
  });

  source.onerror = () => {
    if (stopped || interrupted) return;
    interrupted = true;
    handlers.onInterrupted?.();
  };
  source.onopen = () => {
    if (!interrupted) return;
    interrupted = false;
    handlers.onResumed?.();
  };

  return () => {
    stopped = true;
    source.close();
  };
}
