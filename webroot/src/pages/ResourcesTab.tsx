// The cluster page's resources tab: what Commander applies from the template (from the cluster's JSON),
// and the cluster's own objects read through its agent (`/clusters/{id}/console/...`), one sub-view per
// address: /resources/{view}?namespace=...

import React, { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Flex,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
  Tab,
  Tabs,
  TabTitleText,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Switch,
} from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import DisconnectedIcon from '@patternfly/react-icons/dist/esm/icons/disconnected-icon';
import SyncAltIcon from '@patternfly/react-icons/dist/esm/icons/sync-alt-icon';
import {
  age,
  consoleFailure,
  fetchList,
  formatBytes,
  formatCores,
  nodeProblems,
  podStatus,
  sortEvents,
  splitResource,
  usagePercent,
  workloadStatus,
  type ConsoleList,
  type KubeEvent,
  type KubeNode,
  type ListKind,
  type ModuleConfig,
  type Namespace,
  type NodeGroup,
  type Pod,
  type Tone,
  type Workload,
} from '../api/console';
import type { Cluster, ResourceStateResult } from '../api/types';
import { useInterval, useResource } from '../app/hooks';
import { useAccess } from '../app/useAccess';
import { AgentStatus } from '../components/Agent';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { ago, exact } from '../components/time';
import { PodLogModal } from '../components/PodLog';

// CodeMirror comes with the ModuleConfig editor only, as on the template page.
const ModuleConfigModal = lazy(() => import('../components/ModuleConfigEditor'));

/** How often a visible list is read again (besides "Refresh"). */
const SLOW_REFRESH_MS = 15000;

export const RESOURCE_VIEWS = [
  { key: 'managed', title: 'Managed' },
  { key: 'nodes', title: 'Nodes' },
  { key: 'namespaces', title: 'Namespaces' },
  { key: 'workloads', title: 'Workloads' },
  { key: 'pods', title: 'Pods' },
  { key: 'events', title: 'Events' },
  { key: 'moduleconfigs', title: 'ModuleConfigs' },
  { key: 'nodegroups', title: 'NodeGroups' },
] as const;
export type ResourceView = (typeof RESOURCE_VIEWS)[number]['key'];

/** The views that take the shared `?namespace=`. */
const BY_NAMESPACE: ReadonlySet<string> = new Set(['workloads', 'pods', 'events']);

function Tag({ tone, children, title }: { tone: Tone; children: React.ReactNode; title?: string }) {
  return (
    <Label color={tone} isCompact title={title}>
      {children}
    </Label>
  );
}

function AgeCell({ at }: { at: string | null | undefined }) {
  return <span title={exact(at)} className="commander-nowrap">{age(at)}</span>;
}

// ---- failures and states

/** A failed read in the agent's words: its link down (with its state and last contact), its policy, or the problem. */
function ReadFailure({ cluster, status, message, what, onRetry }: { cluster: Cluster; status: number | null; message: string; what: string; onRetry: () => void }) {
  const failure = consoleFailure(status, message);
  if (failure.kind === 'disconnected') {
    return (
      <EmptyState titleText="The cluster's agent is not connected" headingLevel="h2" icon={DisconnectedIcon} status="warning" className="commander-state">
        <EmptyStateBody>
          Commander reads the cluster's {what} through its agent, which is{' '}
          <AgentStatus status={cluster.agent_status === 'connected' ? 'disconnected' : cluster.agent_status} />; last heard from{' '}
          {cluster.agent_last_seen_at ? (
            <>
              <Ago at={cluster.agent_last_seen_at} /> ({exact(cluster.agent_last_seen_at)})
            </>
          ) : (
            'never'
          )}
          . They appear again once it reconnects.
          <div className="commander-muted pf-v6-u-mt-sm">{failure.message}</div>
        </EmptyStateBody>
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="secondary" onClick={onRetry}>
              Try again
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      </EmptyState>
    );
  }
  const title =
    failure.kind === 'timeout'
      ? `The cluster did not answer in time`
      : failure.kind === 'forbidden'
        ? `The agent's policy does not allow reading ${what}`
        : failure.kind === 'not_found'
          ? `The cluster has no ${what}`
          : `The ${what} could not be read`;
  return <ErrorState title={title} message={failure.message} onRetry={onRetry} />;
}

/** One console list, read again every 15 s while visible, with "Load more" for the cluster's next page. */
function useConsoleList<T>(clusterId: string, kind: ListKind, namespace: string, enabled: boolean) {
  const key = `${clusterId}|${kind}|${namespace}|${enabled}`;
  const list = useResource<ConsoleList<T> | null>(
    (signal) => (enabled ? fetchList<T>(clusterId, kind, { namespace, signal }) : Promise.resolve(null)),
    key,
  );
  const [more, setMore] = useState<{ key: string; items: T[]; cont: string | null; loading: boolean; error: string | null }>({ key, items: [], cont: null, loading: false, error: null });
  const extra = more.key === key ? more : { key, items: [] as T[], cont: null, loading: false, error: null };
  const [readAt, setReadAt] = useState<string | null>(null);
  useEffect(() => {
    if (list.data) setReadAt(new Date().toISOString());
  }, [list.data]);
  // A slow refresh reads the first page again and drops pages loaded after it (their tokens go stale).
  const refresh = useCallback(() => {
    setMore({ key, items: [], cont: null, loading: false, error: null });
    list.reload(true);
  }, [key, list]);
  useInterval(refresh, SLOW_REFRESH_MS, enabled);
  const cont = extra.items.length ? extra.cont : (list.data?.continue ?? null);
  const loadMore = async () => {
    if (!cont) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const page = await fetchList<T>(clusterId, kind, { namespace, cont });
      setMore({ key, items: extra.items.concat(page.items), cont: page.continue ?? null, loading: false, error: null });
    } catch (e) {
      setMore({ ...extra, loading: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  const items = list.data ? list.data.items.concat(extra.items) : undefined;
  return { list, items, cont, loadMore, moreLoading: extra.loading, moreError: extra.error, refresh, readAt };
}

type ListState<T> = ReturnType<typeof useConsoleList<T>>;

/** Loading, failure and empty states around a list's table, and "Load more" under it. */
function ListFrame<T>({ cluster, state, what, empty, children }: { cluster: Cluster; state: ListState<T>; what: string; empty: React.ReactNode; children: (items: T[]) => React.ReactNode }) {
  const { list, items } = state;
  if (items === undefined) {
    if (list.error) return <ReadFailure cluster={cluster} status={list.errorStatus} message={list.error} what={what} onRetry={() => list.reload()} />;
    return <Loading what={what} />;
  }
  return (
    <>
      {list.error ? (
        <Alert
          variant="warning"
          isInline
          isPlain
          className="pf-v6-u-mb-sm"
          title={consoleFailure(list.errorStatus, list.error).kind === 'disconnected' ? `The agent is not connected: showing what was read ${ago(state.readAt)}` : `Could not read again: ${list.error}`}
        />
      ) : null}
      {items.length === 0 ? <Empty title={`No ${what}`}>{empty}</Empty> : children(items)}
      {state.cont ? (
        <Flex className="pf-v6-u-mt-sm" gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
          <Button variant="secondary" onClick={() => void state.loadMore()} isLoading={state.moreLoading} isDisabled={state.moreLoading}>
            Load more
          </Button>
          <span className="commander-muted">{items.length} shown; the cluster has more</span>
          {state.moreError ? <span className="pf-v6-u-danger-color-100">{state.moreError}</span> : null}
        </Flex>
      ) : null}
    </>
  );
}

// ---- managed (from the cluster's JSON)

const RESULT_TONE: Record<string, Tone> = { applied: 'green', unchanged: 'grey', deleted: 'blue', failed: 'red' };

function Managed({ cluster }: { cluster: Cluster }) {
  const results = useMemo(() => {
    const all = cluster.resources_state_results ?? [];
    // Failures first, then in the report's order.
    return [...all.filter((r) => r.status === 'failed'), ...all.filter((r) => r.status !== 'failed')];
  }, [cluster.resources_state_results]);
  const failed = results.filter((r) => r.status === 'failed').length;
  const state = cluster.resources_sync_state;
  return (
    <>
      <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '12rem' }} className="pf-v6-u-mb-md">
        <DescriptionListGroup>
          <DescriptionListTerm>State</DescriptionListTerm>
          <DescriptionListDescription>
            {state === 'in_sync' ? (
              <Tag tone="green">In sync</Tag>
            ) : state === 'out_of_sync' ? (
              <Tag tone="red">Out of sync</Tag>
            ) : (
              <Tag tone="grey">No report yet</Tag>
            )}{' '}
            {failed ? <span className="commander-muted">{failed} failed of {results.length}</span> : results.length ? <span className="commander-muted">{results.length} resources</span> : null}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Last checked by the agent</DescriptionListTerm>
          <DescriptionListDescription>
            <Ago at={cluster.resources_checked_at} />
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Last applied</DescriptionListTerm>
          <DescriptionListDescription>
            <Ago at={cluster.resources_applied_at} />
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      {results.length === 0 && (cluster.resources_checked_at || cluster.resources_applied_at) ? (
        <Empty title="No resources in the agent's last report">
          The template's primary resources and resource tabs hold nothing for this cluster, so the agent applies nothing besides the cluster itself.
        </Empty>
      ) : results.length === 0 ? (
        <Empty title="No report from the agent yet">
          {cluster.agent_status === 'never_connected'
            ? 'The agent has not connected yet: once it has, it applies the resources of the template (primary resources and resource tabs) and reports each one here.'
            : 'The agent reports each resource it applies from the template (primary resources and resource tabs) after the next apply or check.'}
        </Empty>
      ) : (
        <Table aria-label="Managed resources" variant="compact">
          <Thead>
            <Tr>
              <Th width={15}>Kind</Th>
              <Th width={25}>Name</Th>
              <Th width={15}>Namespace</Th>
              <Th width={15}>From</Th>
              <Th width={10}>Result</Th>
              <Th width={20}>Errors</Th>
            </Tr>
          </Thead>
          <Tbody>
            {results.map((r: ResourceStateResult, i) => {
              const res = splitResource(r.resource);
              return (
                <Tr key={`${r.resource}|${i}`} data-resource={r.resource}>
                  <Td dataLabel="Kind">
                    {res.kind || '—'}
                    <div className="commander-muted">{res.apiVersion}</div>
                  </Td>
                  <Td dataLabel="Name" modifier="breakWord">{res.name}</Td>
                  <Td dataLabel="Namespace">{res.namespace || '—'}</Td>
                  <Td dataLabel="From">{r.set === 'primary_resources' ? 'primary resources' : r.set.replace(/^resources\//, 'tab ')}</Td>
                  <Td dataLabel="Result">
                    <Tag tone={RESULT_TONE[r.status] ?? 'grey'}>{r.status}</Tag>
                  </Td>
                  <Td dataLabel="Errors" modifier="breakWord">
                    {r.errors && r.errors.length ? (
                      <ul className="commander-errors commander-resource-errors">
                        {r.errors.map((e, j) => (
                          <li key={j}>{e}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="commander-muted">none</span>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </>
  );
}

// ---- nodes

function Usage({ used, total, format }: { used: number | null | undefined; total: number | null | undefined; format: (v: number | null | undefined) => string }) {
  const pct = usagePercent(used, total);
  if (pct === null) return <span className="commander-nowrap">{format(total)}</span>;
  return (
    <div className="commander-usage">
      <Progress
        value={pct}
        size={ProgressSize.sm}
        measureLocation={ProgressMeasureLocation.none}
        aria-label={`${format(used)} of ${format(total)} used`}
        variant={pct >= 90 ? 'danger' : pct >= 75 ? 'warning' : undefined}
      />
      <span className="commander-muted commander-nowrap">
        {format(used)} / {format(total)} · {pct}%
      </span>
    </div>
  );
}

/** Which rows of a table are opened, by key. */
function useOpened(): [Set<string>, (key: string) => void] {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = useCallback(
    (key: string) =>
      setOpen((old) => {
        const next = new Set(old);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  return [open, toggle];
}

function Nodes({ cluster, state }: { cluster: Cluster; state: ListState<KubeNode> }) {
  const [open, toggle] = useOpened();
  return (
    <ListFrame cluster={cluster} state={state} what="nodes" empty="The cluster's API server lists no nodes.">
      {(nodes) => (
        <Table aria-label="Nodes" variant="compact">
          <Thead>
            <Tr>
              <Th screenReaderText="Conditions" />
              <Th>Name</Th>
              <Th modifier="fitContent">Status</Th>
              <Th>Roles</Th>
              <Th modifier="fitContent">Group</Th>
              <Th width={15}>CPU (cores)</Th>
              <Th width={15}>Memory</Th>
              <Th modifier="fitContent">Age</Th>
            </Tr>
          </Thead>
          {nodes.map((n, i) => {
            const problems = nodeProblems(n);
            const isOpen = open.has(n.name);
            const capacity = n.allocatable ?? n.capacity;
            return (
              <Tbody key={n.name} isExpanded={isOpen}>
                <Tr data-node={n.name}>
                  <Td expand={{ rowIndex: i, isExpanded: isOpen, onToggle: () => toggle(n.name), expandId: `node-${i}` }} />
                  <Td dataLabel="Name">
                    <span className="commander-nowrap">{n.name}</span>
                    <div className="commander-muted">
                      {[n.internal_ip, n.kubelet_version, capacity?.pods != null ? `${capacity.pods} pods max` : null].filter(Boolean).join(' · ')}
                    </div>
                  </Td>
                  <Td dataLabel="Status">
                    <div className="commander-cell-stack">
                      {n.ready ? <Tag tone="green">Ready</Tag> : <Tag tone="red">Not ready</Tag>}
                      {n.unschedulable ? <Tag tone="orange">Scheduling disabled</Tag> : null}
                      {problems.filter((c) => c.type !== 'Ready').map((c) => (
                        <Tag key={c.type} tone="orange" title={c.message ?? undefined}>
                          {c.type}
                        </Tag>
                      ))}
                    </div>
                  </Td>
                  <Td dataLabel="Roles">
                    {n.roles.length ? n.roles.map((r) => <div key={r} className="commander-nowrap">{r}</div>) : <span className="commander-muted">none</span>}
                  </Td>
                  <Td dataLabel="Group">{n.node_group ?? '—'}</Td>
                  <Td dataLabel="CPU">
                    <Usage used={n.usage?.cpu_cores} total={capacity?.cpu_cores} format={formatCores} />
                  </Td>
                  <Td dataLabel="Memory">
                    <Usage used={n.usage?.memory_bytes} total={capacity?.memory_bytes} format={formatBytes} />
                  </Td>
                  <Td dataLabel="Age">
                    <AgeCell at={n.created_at} />
                  </Td>
                </Tr>
                <Tr isExpanded={isOpen}>
                  <Td colSpan={8}>
                    <ExpandableRowContent>
                      {n.usage === null ? <div className="commander-muted pf-v6-u-mb-sm">No usage figures: the cluster serves no metrics.k8s.io.</div> : null}
                      <Conditions conditions={n.conditions} label={`Conditions of ${n.name}`} />
                    </ExpandableRowContent>
                  </Td>
                </Tr>
              </Tbody>
            );
          })}
        </Table>
      )}
    </ListFrame>
  );
}

function Conditions({ conditions, label }: { conditions: { type: string; status: string; reason?: string | null; message?: string | null; last_transition_at?: string | null }[]; label: string }) {
  if (!conditions.length) return <span className="commander-muted">No conditions reported.</span>;
  return (
    <Table aria-label={label} variant="compact" borders={false}>
      <Thead>
        <Tr>
          <Th modifier="fitContent">Condition</Th>
          <Th modifier="fitContent">Status</Th>
          <Th modifier="fitContent">Reason</Th>
          <Th>Message</Th>
          <Th modifier="fitContent">Changed</Th>
        </Tr>
      </Thead>
      <Tbody>
        {conditions.map((c) => (
          <Tr key={c.type}>
            <Td dataLabel="Condition">{c.type}</Td>
            <Td dataLabel="Status">{c.status}</Td>
            <Td dataLabel="Reason">{c.reason ?? '—'}</Td>
            <Td dataLabel="Message" modifier="breakWord">{c.message ?? ''}</Td>
            <Td dataLabel="Changed">
              <Ago at={c.last_transition_at} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

// ---- namespaces, workloads, pods, events

function Namespaces({ cluster, state, onOpen }: { cluster: Cluster; state: ListState<Namespace>; onOpen: (namespace: string) => void }) {
  return (
    <ListFrame cluster={cluster} state={state} what="namespaces" empty="The cluster's API server lists no namespaces.">
      {(items) => (
        <Table aria-label="Namespaces" variant="compact">
          <Thead>
            <Tr>
              <Th width={25}>Name</Th>
              <Th modifier="fitContent">Phase</Th>
              <Th width={50}>Labels</Th>
              <Th modifier="fitContent">Age</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((ns) => (
              <Tr key={ns.name} data-namespace={ns.name}>
                <Td dataLabel="Name">
                  <Button variant="link" isInline onClick={() => onOpen(ns.name)} title={`Pods in ${ns.name}`}>
                    {ns.name}
                  </Button>
                </Td>
                <Td dataLabel="Phase">
                  <Tag tone={ns.phase === 'Active' ? 'green' : 'orange'}>{ns.phase}</Tag>
                </Td>
                <Td dataLabel="Labels">
                  <LabelGroup numLabels={3} isCompact>
                    {Object.entries(ns.labels ?? {}).map(([k, v]) => (
                      <Label key={k} isCompact variant="outline">
                        {k}={v}
                      </Label>
                    ))}
                  </LabelGroup>
                </Td>
                <Td dataLabel="Age">
                  <AgeCell at={ns.created_at} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </ListFrame>
  );
}

function Workloads({ cluster, state, namespace }: { cluster: Cluster; state: ListState<Workload>; namespace: string }) {
  return (
    <ListFrame cluster={cluster} state={state} what="workloads" empty={namespace ? `No Deployments, StatefulSets or DaemonSets in ${namespace}.` : 'No Deployments, StatefulSets or DaemonSets.'}>
      {(items) => (
        <Table aria-label="Workloads" variant="compact">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Kind</Th>
              {namespace ? null : <Th>Namespace</Th>}
              <Th modifier="fitContent">Status</Th>
              <Th modifier="fitContent">Ready</Th>
              <Th modifier="fitContent">Up to date</Th>
              <Th modifier="fitContent">Available</Th>
              <Th width={30}>Images</Th>
              <Th modifier="fitContent">Age</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((w) => {
              const s = workloadStatus(w);
              return (
                <Tr key={`${w.kind}/${w.namespace}/${w.name}`} data-workload={`${w.namespace}/${w.name}`}>
                  <Td dataLabel="Name" modifier="breakWord">{w.name}</Td>
                  <Td dataLabel="Kind">{w.kind}</Td>
                  {namespace ? null : <Td dataLabel="Namespace">{w.namespace}</Td>}
                  <Td dataLabel="Status">
                    <Tag tone={s.tone}>{s.text}</Tag>
                  </Td>
                  <Td dataLabel="Ready">
                    {w.ready}/{w.desired}
                  </Td>
                  <Td dataLabel="Up to date">{w.updated}</Td>
                  <Td dataLabel="Available">{w.available}</Td>
                  <Td dataLabel="Images" modifier="breakWord">
                    <span className="commander-muted">{w.images.join(', ')}</span>
                  </Td>
                  <Td dataLabel="Age">
                    <AgeCell at={w.created_at} />
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </ListFrame>
  );
}

function Pods({ cluster, state, namespace, onLog }: { cluster: Cluster; state: ListState<Pod>; namespace: string; onLog: (pod: Pod) => void }) {
  const [open, toggle] = useOpened();
  const columns = namespace ? 9 : 10;
  return (
    <ListFrame cluster={cluster} state={state} what="pods" empty={namespace ? `No pods in ${namespace}.` : 'No pods.'}>
      {(items) => (
        <Table aria-label="Pods" variant="compact">
          <Thead>
            <Tr>
              <Th screenReaderText="Containers" />
              <Th width={25}>Name</Th>
              {namespace ? null : <Th>Namespace</Th>}
              <Th modifier="fitContent">Status</Th>
              <Th modifier="fitContent">Ready</Th>
              <Th modifier="fitContent">Restarts</Th>
              <Th>Node</Th>
              <Th>Owner</Th>
              <Th modifier="fitContent">Age</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          {items.map((p, i) => {
            const s = podStatus(p);
            const key = `${p.namespace}/${p.name}`;
            const isOpen = open.has(key);
            return (
              <Tbody key={key} isExpanded={isOpen}>
                <Tr data-pod={key}>
                  <Td expand={{ rowIndex: i, isExpanded: isOpen, onToggle: () => toggle(key), expandId: `pod-${i}` }} />
                  <Td dataLabel="Name" modifier="breakWord">
                    {p.name}
                    {p.pod_ip ? <div className="commander-muted">{p.pod_ip}</div> : null}
                  </Td>
                  {namespace ? null : <Td dataLabel="Namespace">{p.namespace}</Td>}
                  <Td dataLabel="Status">
                    <Tag tone={s.tone}>{s.text}</Tag>
                  </Td>
                  <Td dataLabel="Ready">{p.ready}</Td>
                  <Td dataLabel="Restarts">{p.restarts ? <Tag tone={p.restarts > 5 ? 'red' : 'orange'}>{p.restarts}</Tag> : 0}</Td>
                  <Td dataLabel="Node" modifier="nowrap">{p.node ?? '—'}</Td>
                  <Td dataLabel="Owner" modifier="breakWord">
                    {p.owner ? (
                      <>
                        {p.owner.name}
                        <div className="commander-muted">{p.owner.kind}</div>
                      </>
                    ) : (
                      '—'
                    )}
                  </Td>
                  <Td dataLabel="Age">
                    <AgeCell at={p.created_at} />
                  </Td>
                  <Td dataLabel="Actions" isActionCell>
                    <Button variant="secondary" size="sm" onClick={() => onLog(p)} aria-label={`Log of ${p.name}`}>
                      Log
                    </Button>
                  </Td>
                </Tr>
                <Tr isExpanded={isOpen}>
                  <Td colSpan={columns}>
                    <ExpandableRowContent>
                      <Table aria-label={`Containers of ${p.name}`} variant="compact" borders={false}>
                        <Thead>
                          <Tr>
                            <Th modifier="fitContent">Container</Th>
                            <Th modifier="fitContent">State</Th>
                            <Th modifier="fitContent">Ready</Th>
                            <Th modifier="fitContent">Restarts</Th>
                            <Th>Image</Th>
                          </Tr>
                        </Thead>
                        <Tbody>
                          {p.containers.map((c) => (
                            <Tr key={c.name}>
                              <Td dataLabel="Container">{c.name}</Td>
                              <Td dataLabel="State">
                                {c.state}
                                {c.reason ? <span className="commander-muted"> ({c.reason})</span> : null}
                              </Td>
                              <Td dataLabel="Ready">{c.ready ? 'yes' : 'no'}</Td>
                              <Td dataLabel="Restarts">{c.restarts}</Td>
                              <Td dataLabel="Image" modifier="breakWord">
                                <span className="commander-muted">{c.image}</span>
                              </Td>
                            </Tr>
                          ))}
                        </Tbody>
                      </Table>
                    </ExpandableRowContent>
                  </Td>
                </Tr>
              </Tbody>
            );
          })}
        </Table>
      )}
    </ListFrame>
  );
}

function Events({ cluster, state, namespace }: { cluster: Cluster; state: ListState<KubeEvent>; namespace: string }) {
  const [warningsFirst, setWarningsFirst] = useState(true);
  return (
    <>
      <Switch id="events-warnings-first" label="Warnings first" isChecked={warningsFirst} onChange={(_e, v) => setWarningsFirst(v)} className="pf-v6-u-mb-sm" />
      <ListFrame cluster={cluster} state={state} what="events" empty={namespace ? `No events in ${namespace} (the API server keeps them about an hour).` : 'No events (the API server keeps them about an hour).'}>
        {(items) => (
          <Table aria-label="Events" variant="compact">
            <Thead>
              <Tr>
                <Th modifier="fitContent">Type</Th>
                <Th>Reason</Th>
                <Th width={20}>Object</Th>
                <Th width={40}>Message</Th>
                <Th modifier="fitContent">Count</Th>
                <Th modifier="fitContent">Last</Th>
              </Tr>
            </Thead>
            <Tbody>
              {sortEvents(items, warningsFirst).map((e, i) => (
                <Tr key={`${e.namespace}|${e.object.kind}|${e.object.name}|${e.reason}|${i}`} data-event-type={e.type}>
                  <Td dataLabel="Type">
                    <Tag tone={e.type === 'Warning' ? 'orange' : 'grey'}>{e.type}</Tag>
                  </Td>
                  <Td dataLabel="Reason">{e.reason}</Td>
                  <Td dataLabel="Object" modifier="breakWord">
                    {e.object.kind}/{e.object.name}
                    {namespace ? null : <div className="commander-muted">{e.object.namespace ?? e.namespace}</div>}
                  </Td>
                  <Td dataLabel="Message" modifier="breakWord">{e.message}</Td>
                  <Td dataLabel="Count">{e.count}</Td>
                  <Td dataLabel="Last">
                    <AgeCell at={e.last_at} />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </ListFrame>
    </>
  );
}

// ---- ModuleConfigs, NodeGroups

function ModuleConfigs({ cluster, state, onOpen }: { cluster: Cluster; state: ListState<ModuleConfig>; onOpen: (name: string) => void }) {
  const access = useAccess();
  return (
    <ListFrame cluster={cluster} state={state} what="ModuleConfigs" empty="No ModuleConfig in this cluster (deckhouse.io/v1alpha1).">
      {(items) => (
        <Table aria-label="ModuleConfigs" variant="compact">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th modifier="fitContent">Enabled</Th>
              <Th modifier="fitContent">Settings version</Th>
              <Th width={40}>Settings</Th>
              <Th modifier="fitContent">Age</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((m) => {
              const keys = Object.keys(m.settings ?? {});
              return (
                <Tr key={m.name} data-moduleconfig={m.name}>
                  <Td dataLabel="Name">{m.name}</Td>
                  <Td dataLabel="Enabled">
                    {m.enabled === null ? <span className="commander-muted commander-nowrap">module default</span> : m.enabled ? <Tag tone="green">Enabled</Tag> : <Tag tone="grey">Disabled</Tag>}
                  </Td>
                  <Td dataLabel="Settings version">{m.version ?? '—'}</Td>
                  <Td dataLabel="Settings" modifier="truncate">
                    <span className="commander-muted" title={keys.join(', ')}>
                      {keys.length ? keys.join(', ') : 'none'}
                    </span>
                  </Td>
                  <Td dataLabel="Age">
                    <AgeCell at={m.created_at} />
                  </Td>
                  <Td dataLabel="Actions" isActionCell>
                    <Button variant="secondary" size="sm" onClick={() => onOpen(m.name)} aria-label={`${access.canWrite ? 'Edit' : 'View'} ${m.name}`}>
                      {access.canWrite ? 'Edit' : 'View'}
                    </Button>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </ListFrame>
  );
}

function NodeGroups({ cluster, state }: { cluster: Cluster; state: ListState<NodeGroup> }) {
  return (
    <ListFrame cluster={cluster} state={state} what="NodeGroups" empty="No NodeGroup in this cluster (deckhouse.io).">
      {(items) => (
        <Table aria-label="NodeGroups" variant="compact">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Node type</Th>
              <Th modifier="fitContent">Nodes ready</Th>
              <Th modifier="fitContent">Per zone</Th>
              <Th width={40}>Conditions</Th>
              <Th modifier="fitContent">Age</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((g) => (
              <Tr key={g.name} data-nodegroup={g.name}>
                <Td dataLabel="Name">{g.name}</Td>
                <Td dataLabel="Node type">{g.node_type}</Td>
                <Td dataLabel="Nodes ready">
                  <Tag tone={g.nodes === 0 ? 'grey' : g.ready >= g.nodes ? 'green' : 'orange'}>
                    {g.ready}/{g.nodes}
                  </Tag>
                </Td>
                <Td dataLabel="Per zone">
                  {g.min_per_zone === null && g.max_per_zone === null ? '—' : `${g.min_per_zone ?? 0}–${g.max_per_zone ?? '∞'}`}
                </Td>
                <Td dataLabel="Conditions" modifier="breakWord">
                  <LabelGroup numLabels={4} isCompact>
                    {g.conditions.map((c) => (
                      <Label
                        key={c.type}
                        isCompact
                        color={conditionTone(c.type, c.status)}
                        title={c.message ?? undefined}
                      >
                        {c.type}: {c.status}
                      </Label>
                    ))}
                  </LabelGroup>
                </Td>
                <Td dataLabel="Age">
                  <AgeCell at={g.created_at} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </ListFrame>
  );
}

/** Deckhouse's NodeGroup conditions: Ready true is good; Error, Updating, WaitingForDisruptiveApproval true need a look. */
function conditionTone(type: string, status: string): Tone {
  if (type === 'Ready') return status === 'True' ? 'green' : 'red';
  if (status !== 'True') return 'grey';
  return type === 'Error' ? 'red' : 'orange';
}

// ---- the tab

/** The namespace picker shared by workloads, pods and events (its list read once per cluster). */
function NamespaceSelect({ clusterId, value, onChange }: { clusterId: string; value: string; onChange: (ns: string) => void }) {
  const names = useResource((signal) => fetchList<Namespace>(clusterId, 'namespaces', { signal }).then((l) => l.items.map((n) => n.name)), clusterId);
  const options = names.data ?? [];
  return (
    <FormSelect id="resources-namespace" aria-label="Namespace" value={value} onChange={(_e, v) => onChange(v)} className="commander-namespace-select">
      <FormSelectOption value="" label="All namespaces" />
      {value && !options.includes(value) ? <FormSelectOption value={value} label={value} /> : null}
      {options.map((n) => (
        <FormSelectOption key={n} value={n} label={n} />
      ))}
    </FormSelect>
  );
}

export function ResourcesTab({ cluster, view, basePath, onRefreshCluster }: { cluster: Cluster; view: string | undefined; basePath: string; onRefreshCluster: () => void }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const active: ResourceView = (RESOURCE_VIEWS.find((v) => v.key === view)?.key ?? 'managed') as ResourceView;
  const namespace = params.get('namespace') ?? '';
  const [logOf, setLogOf] = useState<Pod | null>(null);
  const [moduleConfig, setModuleConfig] = useState<string | null>(null);
  const live = cluster.agent_status !== 'never_connected';

  const nodes = useConsoleList<KubeNode>(cluster.id, 'nodes', '', live && active === 'nodes');
  const namespaces = useConsoleList<Namespace>(cluster.id, 'namespaces', '', live && active === 'namespaces');
  const workloads = useConsoleList<Workload>(cluster.id, 'workloads', namespace, live && active === 'workloads');
  const pods = useConsoleList<Pod>(cluster.id, 'pods', namespace, live && active === 'pods');
  const events = useConsoleList<KubeEvent>(cluster.id, 'events', namespace, live && active === 'events');
  const moduleConfigs = useConsoleList<ModuleConfig>(cluster.id, 'moduleconfigs', '', live && active === 'moduleconfigs');
  const nodeGroups = useConsoleList<NodeGroup>(cluster.id, 'nodegroups', '', live && active === 'nodegroups');
  const current = { nodes, namespaces, workloads, pods, events, moduleconfigs: moduleConfigs, nodegroups: nodeGroups }[active as Exclude<ResourceView, 'managed'>] as ListState<unknown> | undefined;

  const go = (key: string, ns: string = namespace) => {
    const query = BY_NAMESPACE.has(key) && ns ? `?namespace=${encodeURIComponent(ns)}` : '';
    navigate(`${basePath}/${key}${query}`);
  };
  const refresh = () => (active === 'managed' ? onRefreshCluster() : current?.refresh());

  let body: React.ReactNode;
  if (active === 'managed') body = <Managed cluster={cluster} />;
  else if (!live)
    body = (
      <Empty title="The agent has not connected yet">
        Commander reads this cluster's Kubernetes objects through its agent. Once the cluster is installed and its agent connects (or, for an attached cluster, once the agent's
        manifest is applied), its nodes, workloads, pods and events appear here.
      </Empty>
    );
  else if (active === 'nodes') body = <Nodes cluster={cluster} state={nodes} />;
  else if (active === 'namespaces') body = <Namespaces cluster={cluster} state={namespaces} onOpen={(ns) => go('pods', ns)} />;
  else if (active === 'workloads') body = <Workloads cluster={cluster} state={workloads} namespace={namespace} />;
  else if (active === 'pods') body = <Pods cluster={cluster} state={pods} namespace={namespace} onLog={setLogOf} />;
  else if (active === 'events') body = <Events cluster={cluster} state={events} namespace={namespace} />;
  else if (active === 'moduleconfigs') body = <ModuleConfigs cluster={cluster} state={moduleConfigs} onOpen={setModuleConfig} />;
  else body = <NodeGroups cluster={cluster} state={nodeGroups} />;

  return (
    <>
      <Tabs
        isSubtab
        activeKey={active}
        onSelect={(_e, key) => go(String(key))}
        aria-label="Resource kinds"
        className="pf-v6-u-mb-sm"
      >
        {RESOURCE_VIEWS.map((v) => (
          <Tab key={v.key} eventKey={v.key} title={<TabTitleText>{v.title}</TabTitleText>} />
        ))}
      </Tabs>
      <Toolbar inset={{ default: 'insetNone' }} className="commander-resources-toolbar">
        <ToolbarContent>
          {BY_NAMESPACE.has(active) && live ? (
            <ToolbarItem>
              <NamespaceSelect
                clusterId={cluster.id}
                value={namespace}
                onChange={(ns) => {
                  const next = new URLSearchParams(params);
                  if (ns) next.set('namespace', ns);
                  else next.delete('namespace');
                  setParams(next);
                }}
              />
            </ToolbarItem>
          ) : null}
          <ToolbarItem>
            <Button variant="secondary" icon={<SyncAltIcon />} onClick={refresh} isDisabled={active !== 'managed' && !live}>
              Refresh
            </Button>
          </ToolbarItem>
          <ToolbarItem alignSelf="center">
            <span className="commander-muted">
              {active === 'managed' ? (
                <>from the agent's last apply report</>
              ) : current?.readAt ? (
                <>
                  read <time title={exact(current.readAt)}>{ago(current.readAt)}</time> · again every {SLOW_REFRESH_MS / 1000} s
                </>
              ) : null}
            </span>
          </ToolbarItem>
          {cluster.agent_status === 'disconnected' && active !== 'managed' ? (
            <ToolbarItem alignSelf="center">
              <AgentStatus status="disconnected" />
              <span className="commander-muted"> last heard from <Ago at={cluster.agent_last_seen_at} /></span>
            </ToolbarItem>
          ) : null}
        </ToolbarContent>
      </Toolbar>
      {body}
      {logOf ? <PodLogModal clusterId={cluster.id} pod={logOf} onClose={() => setLogOf(null)} /> : null}
      {moduleConfig ? (
        <Suspense fallback={null}>
          <ModuleConfigModal
            clusterId={cluster.id}
            name={moduleConfig}
            onClose={() => setModuleConfig(null)}
            onSaved={() => moduleConfigs.refresh()}
          />
        </Suspense>
      ) : null}
    </>
  );
}
