import type { Cluster } from './types';

/** The figures of an agent's overview report that the console shows. */
export interface OverviewFigures {
  kubernetesVersion?: string;
  dkpVersion?: string | null;
  nodesTotal?: number;
  nodesReady?: number;
  cpuCores?: number;
  cpuUsagePercent?: number | null;
  memoryGib?: number;
  memoryUsagePercent?: number | null;
  firingAlerts?: number;
  reportedAt?: string;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The overview document of `cluster_agent_data`, read defensively (any field may be missing). */
export function overviewFigures(cluster: Pick<Cluster, 'cluster_agent_data'>): OverviewFigures | null {
  const doc = (cluster.cluster_agent_data ?? []).find((d) => d && d.source === 'overview');
  if (!doc || !doc.data || typeof doc.data !== 'object') return null;
  const d = doc.data as Record<string, unknown>;
  const nodes = (d.nodes ?? {}) as Record<string, unknown>;
  const warnings = (d.warnings ?? {}) as Record<string, unknown>;
  return {
    kubernetesVersion: typeof d.kubernetes_version === 'string' ? d.kubernetes_version : undefined,
    dkpVersion: typeof d.dkp_version === 'string' ? d.dkp_version : null,
    nodesTotal: num(nodes.total),
    nodesReady: num(nodes.ready),
    cpuCores: num(d.cpu_cores),
    cpuUsagePercent: num(d.cpu_usage_percent) ?? null,
    memoryGib: num(d.memory_gib),
    memoryUsagePercent: num(d.memory_usage_percent) ?? null,
    firingAlerts: Array.isArray(warnings.firing_alerts) ? warnings.firing_alerts.length : undefined,
    reportedAt: doc.updated_at,
  };
}

export const AGENT_STATUSES: Record<string, { label: string; tone: 'success' | 'danger' | 'neutral' }> = {
  connected: { label: 'Connected', tone: 'success' },
  disconnected: { label: 'Disconnected', tone: 'danger' },
  never_connected: { label: 'Never connected', tone: 'neutral' },
};
