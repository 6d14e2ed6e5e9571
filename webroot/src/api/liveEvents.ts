import { API_BASE } from './client';
import type { EventSourceFactory, EventSourceLike } from './taskLog';

/** One of Commander's events, as GET /events/stream sends it. */
export interface LiveEvent {
  id: string;
  type: string;
  subject: string;
  workspace_id: string | null;
  time: string;
  data: Record<string, unknown>;
}

export type LiveListener = (event: LiveEvent) => void;

/** Whether the tab's stream is connected; pages fall back to polling while it is not. */
export type LiveState = 'connecting' | 'live' | 'interrupted';

interface Stream {
  source: EventSourceLike;
  listeners: Set<LiveListener>;
  stateListeners: Set<(state: LiveState) => void>;
  state: LiveState;
}

/** A stream that never connects, where there is no EventSource (tests' DOM): pages keep polling. */
const noEventSource: EventSourceLike = { addEventListener: () => undefined, close: () => undefined, onerror: null, onopen: null };

const browserEventSource: EventSourceFactory = (url) =>
  typeof EventSource === 'undefined' ? noEventSource : new EventSource(url, { withCredentials: true });

/**
 * One stream of a workspace's events per tab, however many views listen: the first listener opens
 * GET /events/stream?workspace_id=…, the last one to leave closes it. The browser's EventSource reconnects by
 * itself (the server ends each stream after a minute, and after a network break) and sends the last event id
 * back, so the server resumes without a gap; events seen twice across a reconnect are dropped here by id.
 */
export class LiveEvents {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly open: EventSourceFactory = browserEventSource) {}

  subscribe(workspaceId: string, listener: LiveListener, onState?: (state: LiveState) => void): () => void {
    let stream = this.streams.get(workspaceId);
    if (!stream) {
      stream = this.connect(workspaceId);
      this.streams.set(workspaceId, stream);
    }
    const mine = stream;
    mine.listeners.add(listener);
    if (onState) {
      mine.stateListeners.add(onState);
      onState(mine.state);
    }
    return () => {
      mine.listeners.delete(listener);
      if (onState) mine.stateListeners.delete(onState);
      if (mine.listeners.size === 0) {
        mine.source.close();
        if (this.streams.get(workspaceId) === mine) this.streams.delete(workspaceId);
      }
    };
  }

  private connect(workspaceId: string): Stream {
    const source = this.open(`${API_BASE}/events/stream?workspace_id=${encodeURIComponent(workspaceId)}`);
    const stream: Stream = { source, listeners: new Set(), stateListeners: new Set(), state: 'connecting' };
    const seen: string[] = [];
    const setState = (state: LiveState) => {
      if (stream.state === state) return;
      stream.state = state;
      stream.stateListeners.forEach((l) => l(state));
    };
    source.onopen = () => setState('live');
    source.onerror = () => setState('interrupted');
    source.addEventListener('message', (raw) => {
      const message = raw as MessageEvent<string>;
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      if (seen.includes(event.id)) return;
      seen.push(event.id);
      if (seen.length > 500) seen.shift();
      setState('live');
      stream.listeners.forEach((l) => l(event));
    });
    return stream;
  }
}

/** The tab's streams. */
export const liveEvents = new LiveEvents();

/** The cluster an event is about: its subject for cluster events, `data.cluster_id` for the others. */
export function clusterOf(event: LiveEvent): string | null {
  const fromData = event.data?.cluster_id;
  if (typeof fromData === 'string') return fromData;
  return event.type.startsWith('io.commander.cluster.') ? event.subject : null;
}
