// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import {
  age,
  appendLog,
  consoleFailure,
  fetchList,
  formatBytes,
  formatCores,
  nodeProblems,
  podLogUrl,
  podStatus,
  saveModuleConfig,
  sortEvents,
  splitResource,
  streamPodLog,
  usagePercent,
  workloadStatus,
  type KubeEvent,
  type PodContainer,
} from './console';
import { parseSettings, settingsYaml } from './moduleSettings';

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

afterEach(() => vi.unstubAllGlobals());

describe('console API client', () => {
  it('lists with the namespace only for namespaced kinds, and passes limit and continue on', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      urls.push(url);
      return json(200, { items: [{ name: 'a' }], continue: 'tok' });
    }));
    const pods = await fetchList('c1', 'pods', { namespace: 'kube-system', limit: 50, cont: 'abc' });
    expect(pods.items).toEqual([{ name: 'a' }]);
    expect(pods.continue).toBe('tok');
    await fetchList('c1', 'nodes', { namespace: 'kube-system' });
    await fetchList('c1', 'events', { namespace: '' });
    expect(urls).toEqual([
      '/api/v1/clusters/c1/console/pods?namespace=kube-system&limit=50&continue=abc',
      '/api/v1/clusters/c1/console/nodes',
      '/api/v1/clusters/c1/console/events',
    ]);
  });

  it('turns a disconnected agent into an ApiError with its code and detail', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(503, { code: 'cluster_disconnected', detail: 'No agent of cluster c1 is connected' }, 'application/problem+json')));
    const error = await fetchList('c1', 'nodes').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('cluster_disconnected');
    expect(consoleFailure(error.status, error.message)).toEqual({ kind: 'disconnected', message: 'No agent of cluster c1 is connected' });
    expect(consoleFailure(504, 'slow').kind).toBe('timeout');
    expect(consoleFailure(403, 'policy').kind).toBe('forbidden');
    expect(consoleFailure(500, 'boom').kind).toBe('other');
  });

  it('saves a ModuleConfig with PUT and the CSRF header, leaving out enabled and version when not set', async () => {
    vi.stubGlobal('document', { cookie: 'commander_csrf=tok123' });
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return json(200, { name: 'prometheus', enabled: true, version: 2, settings: {}, resource_version: '8', created_at: null });
    }));
    await saveModuleConfig('c1', 'prometheus', { enabled: null, version: 2, settings: { retentionDays: 7 }, resource_version: '7' });
    expect(calls[0].url).toBe('/api/v1/clusters/c1/console/moduleconfigs/prometheus');
    expect(calls[0].init.method).toBe('PUT');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ settings: { retentionDays: 7 }, resource_version: '7', version: 2 });
    expect((calls[0].init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
  });

  it('says a stale resource_version as a 409 conflict', async () => {
    vi.stubGlobal('document', { cookie: '' });
    vi.stubGlobal('fetch', vi.fn(async () => json(409, { code: 'conflict', detail: 'the object has been modified' }, 'application/problem+json')));
    const error = await saveModuleConfig('c1', 'x', { settings: {}, resource_version: '1' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('conflict');
  });
});

function chunked(chunks: string[], hold = false): { response: Response; close: () => void } {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
      if (!hold) c.close();
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/plain' } }), close: () => controller.close() };
}

describe('streamPodLog', () => {
  it('asks for the container, tail and follow, and hands over the text as it comes, then the end', async () => {
    const url = podLogUrl('c1', 'kube system', 'web-1', { container: 'app', tailLines: 100, follow: true });
    expect(url).toBe('/api/v1/clusters/c1/console/pods/kube%20system/web-1/log?container=app&tail_lines=100&follow=true');
    let asked = '';
    const texts: string[] = [];
    const ended = new Promise<unknown>((resolve) => {
      streamPodLog('c1', 'kube system', 'web-1', { container: 'app', tailLines: 100, follow: true }, { onText: (t) => texts.push(t), onEnd: resolve }, (async (u: string) => {
        asked = u;
        // A multi-byte character split across two chunks comes out whole.
        const bytes = new TextEncoder().encode('ünïcode\n');
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('one\ntwo\n'));
            c.enqueue(bytes.slice(0, 1));
            c.enqueue(bytes.slice(1));
            c.close();
          },
        });
        return new Response(body, { status: 200 });
      }) as typeof fetch);
    });
    expect(await ended).toBeNull();
    expect(asked).toBe(url);
    expect(texts.join('')).toBe('one\ntwo\nünïcode\n');
  });

  it('stops by aborting the request, and reports nothing after', async () => {
    let signal: AbortSignal | undefined;
    const texts: string[] = [];
    const onEnd = vi.fn();
    const stream = chunked(['first\n'], true);
    let started!: () => void;
    const gotFirst = new Promise<void>((r) => (started = r));
    const stop = streamPodLog('c1', 'ns', 'p', { follow: true }, { onText: (t) => { texts.push(t); started(); }, onEnd }, (async (_u: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return stream.response;
    }) as typeof fetch);
    await gotFirst;
    stop();
    expect(signal?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(texts).toEqual(['first\n']);
    expect(onEnd).not.toHaveBeenCalled();
  });

  it('ends with the problem when the log cannot be read', async () => {
    const error = await new Promise<unknown>((resolve) => {
      streamPodLog('c1', 'ns', 'p', {}, { onText: () => undefined, onEnd: resolve }, (async () => json(404, { code: 'not_found', detail: 'pods "p" not found' }, 'application/problem+json')) as typeof fetch);
    });
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toBe('pods "p" not found');
  });

  it('keeps a long log to its last characters, cut at a line', () => {
    expect(appendLog('a\nb\n', 'c\n', 100)).toBe('a\nb\nc\n');
    expect(appendLog('aaaa\nbbbb\n', 'cccc\n', 8)).toBe('cccc\n');
  });
});

describe('figures in words', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1024)).toBe('1 Ki');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 Mi');
    expect(formatBytes(8 * 1024 ** 3 - 400 * 1024 ** 2)).toBe('7.61 Gi');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16 Gi');
    expect(formatBytes(1.5 * 1024 ** 4)).toBe('1.5 Ti');
    expect(formatBytes(null)).toBe('—');
  });

  it('formats cores, under one in millicores', () => {
    expect(formatCores(4)).toBe('4');
    expect(formatCores(1.5)).toBe('1.5');
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(0.0012)).toBe('1m');
    expect(formatCores(0)).toBe('0');
    expect(formatCores(undefined)).toBe('—');
  });

  it('gives a usage share, or none without both figures', () => {
    expect(usagePercent(1, 4)).toBe(25);
    expect(usagePercent(5, 4)).toBe(100);
    expect(usagePercent(null, 4)).toBeNull();
    expect(usagePercent(1, 0)).toBeNull();
  });

  it('gives ages as kubectl does', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(age('2026-12-04T11:59:15Z', now)).toBe('45s');
    expect(age('2026-12-04T11:48:00Z', now)).toBe('12m');
    expect(age('2026-12-04T07:00:00Z', now)).toBe('5h');
    expect(age('2026-12-01T08:00:00Z', now)).toBe('3d4h');
    expect(age('2026-11-01T12:00:00Z', now)).toBe('33d');
    expect(age('2026-12-04T12:00:05Z', now)).toBe('0s');
    expect(age(null, now)).toBe('—');
    expect(age('not a time', now)).toBe('—');
  });
});

describe('statuses', () => {
  const c = (over: Partial<PodContainer>): PodContainer => ({ name: 'app', image: 'nginx', ready: true, restarts: 0, state: 'running', reason: null, ...over });

  it('says a pod like kubectl: a waiting container\'s reason wins over the phase', () => {
    expect(podStatus({ phase: 'Running', containers: [c({})] })).toEqual({ text: 'Running', tone: 'green' });
    expect(podStatus({ phase: 'Running', containers: [c({ ready: false, state: 'waiting', reason: 'CrashLoopBackOff' })] })).toEqual({ text: 'CrashLoopBackOff', tone: 'red' });
    expect(podStatus({ phase: 'Pending', containers: [c({ ready: false, state: 'waiting', reason: 'ContainerCreating' })] })).toEqual({ text: 'ContainerCreating', tone: 'orange' });
    expect(podStatus({ phase: 'Running', containers: [c({}), c({ name: 'side', ready: false })] })).toEqual({ text: 'Running, not ready', tone: 'orange' });
    expect(podStatus({ phase: 'Succeeded', containers: [c({ ready: false, state: 'terminated', reason: 'Completed' })] })).toEqual({ text: 'Completed', tone: 'grey' });
    expect(podStatus({ phase: 'Failed', containers: [] })).toEqual({ text: 'Failed', tone: 'red' });
  });

  it('says a workload ready, updating, degraded or not ready', () => {
    expect(workloadStatus({ desired: 3, ready: 3, updated: 3 }).text).toBe('Ready');
    expect(workloadStatus({ desired: 3, ready: 2, updated: 1 }).text).toBe('Updating');
    expect(workloadStatus({ desired: 3, ready: 2, updated: 3 }).text).toBe('Degraded');
    expect(workloadStatus({ desired: 3, ready: 0, updated: 3 }).text).toBe('Not ready');
    expect(workloadStatus({ desired: 0, ready: 0, updated: 0 }).text).toBe('Scaled to zero');
  });

  it('finds a node\'s troubling conditions', () => {
    const problems = nodeProblems({
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'MemoryPressure', status: 'True' },
        { type: 'DiskPressure', status: 'False' },
      ],
    });
    expect(problems.map((p) => p.type)).toEqual(['Ready', 'MemoryPressure']);
    expect(nodeProblems({ conditions: [{ type: 'Ready', status: 'True' }, { type: 'PIDPressure', status: 'False' }] })).toEqual([]);
  });

  it('puts warnings first, keeping each group\'s order', () => {
    const e = (type: string, reason: string): KubeEvent => ({ namespace: 'd', type, reason, message: '', object: { kind: 'Pod', name: 'p' }, count: 1, first_at: null, last_at: null });
    const events = [e('Normal', 'a'), e('Warning', 'b'), e('Normal', 'c'), e('Warning', 'd')];
    expect(sortEvents(events, true).map((x) => x.reason)).toEqual(['b', 'd', 'a', 'c']);
    expect(sortEvents(events, false).map((x) => x.reason)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('managed resources', () => {
  it('splits a report\'s resource, whose apiVersion may hold a slash', () => {
    expect(splitResource('deckhouse.io/v1alpha1/ModuleConfig//prometheus')).toEqual({ apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', namespace: '', name: 'prometheus' });
    expect(splitResource('v1/ConfigMap/default/settings')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' });
    expect(splitResource('odd')).toEqual({ apiVersion: '', kind: '', namespace: '', name: 'odd' });
  });
});

describe('ModuleConfig settings as YAML', () => {
  it('writes settings as block YAML and reads them back', () => {
    const settings = { retentionDays: 7, storage: { class: 'fast', size: '20Gi' }, hosts: ['a', 'b'] };
    const text = settingsYaml(settings);
    expect(text).toContain('retentionDays: 7\n');
    expect(text).toContain('storage:\n  class: fast\n');
    expect(parseSettings(text)).toEqual({ settings });
    expect(settingsYaml({})).toBe('');
    expect(parseSettings('  \n')).toEqual({ settings: {} });
  });

  it('puts a mistake at its line, and refuses anything but a mapping', () => {
    const broken = parseSettings('a: 1\nb: [1, 2\nc: 3\n');
    expect(broken.settings).toBeUndefined();
    expect(broken.error?.line).toBeGreaterThanOrEqual(2);
    expect(parseSettings('a: 1\na: 2\n').error?.line).toBe(2);
    expect(parseSettings('- a\n- b\n').error?.message).toMatch(/mapping/);
    expect(parseSettings('just text').error?.message).toMatch(/mapping/);
  });
});
