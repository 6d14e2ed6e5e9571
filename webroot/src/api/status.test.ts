// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CLUSTER_STATUSES, describeRenderError, failureCause, isFailure, statusInfo } from './status';
import type { Task } from './types';

function task(partial: Partial<Task>): Task {
  return {
    id: 't', cluster_id: 'c', kind: 'install', state: 'succeeded', cluster_revision: 1, attempt: 1, max_attempts: 3,
    cancel_requested: false, error: null, created_by: null, created_at: '2026-01-01T00:00:00Z', started_at: null, finished_at: null,
    ...partial,
  };
}

describe('cluster statuses', () => {
  it('has a label and meaning for every status of the API', () => {
    for (const [status, info] of Object.entries(CLUSTER_STATUSES)) {
      expect(info.label, status).not.toBe('');
      expect(info.meaning, status).not.toBe('');
    }
    expect(statusInfo('in_sync')).toMatchObject({ label: 'In sync', tone: 'success' });
    expect(statusInfo('something_new')).toMatchObject({ label: 'something_new', tone: 'neutral' });
  });

  it('knows which statuses are failures', () => {
    expect(['configuration_error', 'creation_failed', 'synchronization_failure', 'deletion_failed'].every(isFailure)).toBe(true);
    expect(['new', 'creating', 'in_sync', 'changing', 'deleted'].some(isFailure)).toBe(false);
  });
});

describe('the cause of a failure', () => {
  it('is the first render error, where it is, for a configuration error', () => {
    const cause = failureCause({
      status: 'configuration_error',
      render_errors: [
        { section: 'kubernetes', document: 1, line: 4, message: 'podSubnetCIDR: not a CIDR' },
        { section: 'placement', message: 'x' },
      ],
    });
    expect(cause).toBe('kubernetes, document 1, line 4: podSubnetCIDR: not a CIDR (and 1 more)');
    expect(describeRenderError({ code: 'template_error' })).toBe('template_error');
  });

  it('is the newest failed task\'s error for a task failure', () => {
    const tasks = [
      task({ id: 'check', kind: 'check', state: 'succeeded' }),
      task({ id: 'change', kind: 'change', state: 'failed', error: 'Install Deckhouse: timeout waiting for the API' }),
      task({ id: 'old', state: 'failed', error: 'older' }),
    ];
    expect(failureCause({ status: 'synchronization_failure', render_errors: [] }, tasks)).toBe('change task: Install Deckhouse: timeout waiting for the API');
  });

  it('says so when a lost task has no message, and waits while tasks load', () => {
    expect(failureCause({ status: 'creation_failed', render_errors: null }, [task({ state: 'lost' })])).toMatch(/lost/);
    expect(failureCause({ status: 'creation_failed', render_errors: null }, undefined)).toBeNull();
    expect(failureCause({ status: 'creation_failed', render_errors: null }, [])).toBe('No failed task recorded.');
  });

  it('is null for a healthy cluster', () => {
    expect(failureCause({ status: 'in_sync', render_errors: [] }, [])).toBeNull();
  });
});
