import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { liveEvents, type LiveEvent, type LiveState } from '../api/liveEvents';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  /** The HTTP status of the last failure (0 when the server could not be reached), or null. */
  errorStatus: number | null;
  loading: boolean;
  /** Reads again; a background read (polling) keeps the current data on screen meanwhile. */
  reload(background?: boolean): void;
}

/**
 * Data for a view, read by `load` whenever `key` changes. Reads that are overtaken by a newer one are
 * aborted and their answers dropped, so a slow old page never replaces a newer one.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((background: boolean) => {
    const mine = ++generation.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    if (!background) setLoading(true);
    loadRef
      .current(abort.signal)
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
        setErrorStatus(null);
      })
      .catch((e) => {
        if (mine !== generation.current || abort.signal.aborted) return;
        // A failed background refresh keeps the last good data and says so.
        setError(errorMessage(e));
        setErrorStatus(e instanceof ApiError ? e.status : null);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    setData(undefined);
    setError(null);
    setErrorStatus(null);
    run(false);
    return () => controller.current?.abort();
  }, [key, run]);

  const reload = useCallback((background = false) => run(background), [run]);
  return { data, error, errorStatus, loading, reload };
}

/** Calls `tick` every `ms` while the page is visible (and once at once when it becomes visible again). */
export function useInterval(tick: () => void, ms: number, enabled = true): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!enabled) return undefined;
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') tickRef.current();
    }, ms);
    const onVisible = () => {
      if (document.visibilityState === 'visible') tickRef.current();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms, enabled]);
}

/**
 * Reads again when the workspace's event stream says something changed that `matches` (at most once per
 * `settleMs`, so a burst of events costs one read). Returns the stream's state: pages poll slowly while it is
 * live and as before while it is not.
 */
export function useLiveRefresh(
  workspaceId: string,
  matches: (event: LiveEvent) => boolean,
  refresh: () => void,
  settleMs = 300,
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const matchesRef = useRef(matches);
  matchesRef.current = matches;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    let timer: number | undefined;
    const stop = liveEvents.subscribe(
      workspaceId,
      (event) => {
        if (!matchesRef.current(event) || timer !== undefined) return;
        timer = window.setTimeout(() => {
          timer = undefined;
          refreshRef.current();
        }, settleMs);
      },
      setState,
    );
    return () => {
      stop();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [workspaceId, settleMs]);
  return state;
}
