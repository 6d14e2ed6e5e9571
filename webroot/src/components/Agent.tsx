import { Icon } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import DisconnectedIcon from '@patternfly/react-icons/dist/esm/icons/disconnected-icon';
import OutlinedCircleIcon from '@patternfly/react-icons/dist/esm/icons/outlined-circle-icon';
import { AGENT_STATUSES, overviewFigures } from '../api/telemetry';
import type { Cluster } from '../api/types';

export function AgentStatus({ status }: { status: string | undefined }) {
  const info = AGENT_STATUSES[status ?? 'never_connected'] ?? { label: status ?? 'Unknown', tone: 'neutral' as const };
  const icon =
    info.tone === 'success' ? (
      <Icon status="success" isInline>
        <CheckCircleIcon />
      </Icon>
    ) : info.tone === 'danger' ? (
      <Icon status="danger" isInline>
        <DisconnectedIcon />
      </Icon>
    ) : (
      <Icon isInline className="commander-muted">
        <OutlinedCircleIcon />
      </Icon>
    );
  return (
    <span className="commander-agent-status">
      {icon} {info.label}
    </span>
  );
}

/** The agent's state and, when it reported an overview, the cluster's key figures (one line when compact). */
export function AgentSummary({ cluster, compact = false }: { cluster: Cluster; compact?: boolean }) {
  const f = overviewFigures(cluster);
  const figures: string[] = [];
  if (f) {
    if (f.nodesTotal !== undefined) figures.push(`${f.nodesReady ?? '?'}/${f.nodesTotal} nodes`);
    if (f.kubernetesVersion) figures.push(compact ? `v${f.kubernetesVersion}` : `Kubernetes ${f.kubernetesVersion}`);
    if (!compact && f.cpuUsagePercent !== null && f.cpuUsagePercent !== undefined) figures.push(`CPU ${Math.round(f.cpuUsagePercent)}%`);
    if (f.firingAlerts) figures.push(`${f.firingAlerts} alert${f.firingAlerts === 1 ? '' : 's'}`);
  }
  if (compact) {
    return (
      <span className="commander-agent-line" title={f?.kubernetesVersion ? `Kubernetes ${f.kubernetesVersion}` : undefined}>
        <AgentStatus status={cluster.agent_status} />
        {figures.length ? <span className="commander-muted"> · {figures.join(' · ')}</span> : null}
      </span>
    );
  }
  return (
    <div className="commander-cell-stack">
      <AgentStatus status={cluster.agent_status} />
      {figures.length ? <span className="commander-muted">{figures.join(' · ')}</span> : null}
    </div>
  );
}
