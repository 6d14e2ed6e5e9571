import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  AlertActionLink,
  Breadcrumb,
  BreadcrumbItem,
  Card,
  CardBody,
  CardTitle,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Gallery,
  Label,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { request, requestPage } from '../api/client';
import { fetchTemplateNames, type TemplateNames } from '../api/clusters';
import { failedTask, failureCause, isFailure, isTaskFinished, statusInfo } from '../api/status';
import { overviewFigures } from '../api/telemetry';
import { followTaskLog } from '../api/taskLog';
import type { Cluster, Task, TaskLogLine, TaskState } from '../api/types';
import { useWorkspace } from '../app/App';
import { useInterval, useLiveRefresh, useResource } from '../app/hooks';
import { clusterOf } from '../api/liveEvents';
import { AgentStatus } from '../components/Agent';
import { ClusterStatusLabel, TaskStateLabel } from '../components/StatusLabel';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { duration, exact } from '../components/time';
import { ChangeRequestsTab, ConfigurationTab, RevisionsTab, SettingsTab, useChangeRequests } from './ClusterTabs';
import { ResourcesTab } from './ResourcesTab';

const REFRESH_MS = 3000;
const TELEMETRY_REFRESH_MS = 30000;

const TABS = [
  { key: 'overview', title: 'Overview', path: '' },
  { key: 'configuration', title: 'Configuration', path: 'configuration' },
  { key: 'revisions', title: 'Revisions', path: 'revisions' },
  { key: 'changes', title: 'Change requests', path: 'changes' },
  { key: 'tasks', title: 'Tasks', path: 'tasks' },
  { key: 'resources', title: 'Resources', path: 'resources' },
  { key: 'settings', title: 'Settings', path: 'settings' },
] as const;

function Term({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : ` (${Math.round(v)}% used)`;
}

const RESOURCE_SYNC: Record<string, string> = {
  in_sync: 'Configured',
  out_of_sync: 'Not configured',
};

function Overview({ cluster, tasks, templates, tasksPath }: { cluster: Cluster; tasks: Task[] | undefined; templates: TemplateNames | undefined; tasksPath: string }) {
  const info = statusInfo(cluster.status);
  const cause = failureCause(cluster, tasks);
  const failed = tasks ? failedTask(tasks) : undefined;
  const running = tasks?.find((t) => t.id === cluster.current_task_id);
  const figures = overviewFigures(cluster);
  const navigate = useNavigate();
  const resourceState = cluster.resources_sync_state ? RESOURCE_SYNC[cluster.resources_sync_state] : figures ? 'No data' : 'No data yet';

  return (
    <>
      {isFailure(cluster.status) ? (
        <Alert
          variant="danger"
          isInline
          title={`${info.label}: ${cause ?? 'reading the cause…'}`}
          className="pf-v6-u-mb-md"
          actionLinks={
            failed ? (
              <AlertActionLink onClick={() => navigate(`${tasksPath}/${failed.id}`)}>Open the {failed.kind} task's log</AlertActionLink>
            ) : undefined
          }
        >
          {cluster.status === 'configuration_error' && (cluster.render_errors?.length ?? 0) > 1 ? (
            <ul className="commander-errors">
              {cluster.render_errors!.map((e, i) => (
                <li key={i}>
                  {e.section ? `${e.section}${e.line ? ` line ${e.line}` : ''}: ` : ''}
                  {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {running && !isTaskFinished(running.state) ? (
        <Alert
          variant="info"
          isInline
          title={`The ${running.kind} task is ${running.state === 'pending' ? 'queued' : 'running'} (attempt ${running.attempt} of ${running.max_attempts})`}
          className="pf-v6-u-mb-md"
          actionLinks={
            <AlertActionLink onClick={() => navigate(`${tasksPath}/${running.id}`)}>Follow its log</AlertActionLink>
          }
        />
      ) : null}
      <Gallery hasGutter minWidths={{ default: '100%', lg: 'calc(50% - var(--pf-t--global--spacer--gutter--default))' }}>
        <Card isFullHeight>
          <CardTitle>Status</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '11rem' }}>
              <Term term="Status">
                <div className="commander-cell-stack">
                  <ClusterStatusLabel status={cluster.status} cause={cause} />
                  <span className="commander-muted">{info.meaning}</span>
                </div>
              </Term>
              <Term term="Last task">
                {tasks === undefined ? (
                  '…'
                ) : tasks.length === 0 ? (
                  'none yet'
                ) : (
                  <>
                    <Link to={`${tasksPath}/${tasks[0].id}`}>{tasks[0].kind}</Link> <TaskStateLabel state={tasks[0].state} />{' '}
                    <span className="commander-muted">
                      <Ago at={tasks[0].finished_at ?? tasks[0].started_at ?? tasks[0].created_at} />
                    </span>
                  </>
                )}
              </Term>
              <Term term="Created">
                <Ago at={cluster.created_at} />
              </Term>
              <Term term="Configuration applied">
                <Ago at={cluster.cluster_configuration_applied_at} />
              </Term>
              <Term term="Last checked">
                <Ago at={cluster.cluster_configuration_checked_at} />
              </Term>
            </DescriptionList>
          </CardBody>
        </Card>
        <Card isFullHeight>
          <CardTitle>Template</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '11rem' }}>
              <Term term="Template">{templates?.template(cluster.cluster_template_id) ?? (cluster.cluster_template_id ? '…' : 'none (attached cluster)')}</Term>
              <Term term="Version">{templates?.version(cluster.cluster_template_version_id) ?? '—'}</Term>
              <Term term="Provisioner">
                {cluster.provisioner}
                {cluster.simulated ? <span className="commander-muted"> (nothing real is touched)</span> : null}
              </Term>
              <Term term="Cluster type">{cluster.cluster_type ?? '—'}</Term>
              <Term term="Configuration changed">
                <Ago at={cluster.cluster_configuration_updated_at} />
              </Term>
            </DescriptionList>
          </CardBody>
        </Card>
        <Card isFullHeight>
          <CardTitle>Agent</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '11rem' }}>
              <Term term="Agent">
                <AgentStatus status={cluster.agent_status} />
                {cluster.agent_version ? <span className="commander-muted"> {cluster.agent_version}</span> : null}
              </Term>
              <Term term="Last heard from">
                <Ago at={cluster.agent_last_seen_at} />
              </Term>
              {figures ? (
                <>
                  <Term term="Kubernetes">
                    {figures.kubernetesVersion ?? '—'}
                    {figures.dkpVersion ? <span className="commander-muted"> · DKP {figures.dkpVersion}</span> : null}
                  </Term>
                  <Term term="Nodes">{figures.nodesTotal !== undefined ? `${figures.nodesReady ?? '?'} of ${figures.nodesTotal} ready` : '—'}</Term>
                  <Term term="CPU">{figures.cpuCores !== undefined ? `${figures.cpuCores} cores${percent(figures.cpuUsagePercent)}` : '—'}</Term>
                  <Term term="Memory">{figures.memoryGib !== undefined ? `${figures.memoryGib} GiB${percent(figures.memoryUsagePercent)}` : '—'}</Term>
                  <Term term="Firing alerts">{figures.firingAlerts ?? '—'}</Term>
                </>
              ) : (
                <Term term="Telemetry">
                  <span className="commander-muted">no report yet; figures appear once the agent sends its first overview</span>
                </Term>
              )}
            </DescriptionList>
          </CardBody>
        </Card>
        <Card isFullHeight>
          <CardTitle>Sync</CardTitle>
          <CardBody>
            <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '11rem' }}>
              <Term term="Sync mode">{cluster.sync_mode === 'manual' ? 'Manual (changes wait to be applied)' : 'Automatic'}</Term>
              <Term term="Check interval">{Math.round(cluster.check_interval_seconds / 60)} min</Term>
              <Term term="Revisions">
                current {cluster.current_revision} · desired {cluster.desired_revision ?? '—'} · applied {cluster.applied_revision ?? '—'}
              </Term>
              <Term term="Kubernetes resources">
                {resourceState}
                {cluster.resources_checked_at ? (
                  <span className="commander-muted">
                    {' '}
                    · checked <Ago at={cluster.resources_checked_at} />
                  </span>
                ) : null}
              </Term>
            </DescriptionList>
          </CardBody>
        </Card>
      </Gallery>
    </>
  );
}

function TaskLog({ task, onFinished }: { task: Task; onFinished: () => void }) {
  const [lines, setLines] = useState<TaskLogLine[]>([]);
  const [end, setEnd] = useState<{ state?: TaskState; error?: string | null } | null>(null);
  const [interrupted, setInterrupted] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    setLines([]);
    setEnd(null);
    setInterrupted(false);
    stick.current = true;
    return followTaskLog(task.id, {
      onLines: (batch) => setLines((old) => old.concat(batch)),
      onEnd: (e) => {
        setEnd(e);
        finishedRef.current();
      },
      onInterrupted: () => setInterrupted(true),
      onResumed: () => setInterrupted(false),
    });
  }, [task.id]);

  useEffect(() => {
    // Follow the end of the log unless the reader scrolled up.
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <Card>
      <CardTitle>
        <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
          <FlexItem>
            Log of the {task.kind} task, attempt {task.attempt}
          </FlexItem>
          <FlexItem>
            {end ? (
              <TaskStateLabel state={(end.state as TaskState) ?? task.state} />
            ) : (
              <Label color="blue" isCompact>
                {interrupted ? 'reconnecting…' : 'live'}
              </Label>
            )}
          </FlexItem>
        </Flex>
      </CardTitle>
      <CardBody>
        {task.error ? <Alert variant="danger" isInline isPlain title={task.error} className="pf-v6-u-mb-sm" /> : null}
        <CodeBlock className="commander-log">
          <CodeBlockCode>
            <pre
              ref={box}
              className="commander-log__lines"
              tabIndex={0}
              aria-label="Task log"
              aria-live="off"
              onScroll={(e) => {
                const el = e.currentTarget;
                stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
              }}
            >
              {lines.length === 0 ? (end ? 'The task wrote no log.' : 'Waiting for the first line…') : null}
              {lines.map((l) => (
                <div key={l.seq} className={l.stream === 'stderr' ? 'commander-log__line commander-log__line--err' : 'commander-log__line'}>
                  <span className="commander-log__time">{l.at ? new Date(l.at).toLocaleTimeString([], { hourCycle: 'h23' }) : ''}</span> {l.line}
                </div>
              ))}
            </pre>
          </CodeBlockCode>
        </CodeBlock>
      </CardBody>
    </Card>
  );
}

function TasksTab({ tasks, error, selectedId, basePath, onTaskFinished }: { tasks: Task[] | undefined; error: string | null; selectedId?: string; basePath: string; onTaskFinished: () => void }) {
  const navigate = useNavigate();
  if (tasks === undefined && error) return <ErrorState title="Tasks could not be read" message={error} />;
  if (tasks === undefined) return <Loading what="tasks" />;
  if (tasks.length === 0) return <Empty title="No tasks yet">Install, change, check and delete tasks of this cluster appear here with their logs.</Empty>;
  const selected = tasks.find((t) => t.id === selectedId) ?? tasks[0];
  return (
    <Flex direction={{ default: 'column' }} gap={{ default: 'gapMd' }}>
      <Table aria-label="Tasks" variant="compact">
        <Thead>
          <Tr>
            <Th>Task</Th>
            <Th>State</Th>
            <Th>Attempt</Th>
            <Th>Revision</Th>
            <Th>Started</Th>
            <Th>Took</Th>
            <Th width={40}>Error</Th>
          </Tr>
        </Thead>
        <Tbody>
          {tasks.map((t) => (
            <Tr
              key={t.id}
              isClickable
              isRowSelected={t.id === selected.id}
              onRowClick={() => navigate(`${basePath}/${t.id}`)}
            >
              <Td dataLabel="Task">
                <Link to={`${basePath}/${t.id}`}>{t.kind}</Link>
              </Td>
              <Td dataLabel="State">
                <TaskStateLabel state={t.state} />
              </Td>
              <Td dataLabel="Attempt">
                {t.attempt} of {t.max_attempts}
              </Td>
              <Td dataLabel="Revision">{t.cluster_revision ?? '—'}</Td>
              <Td dataLabel="Started">
                <span title={exact(t.started_at)}>
                  <Ago at={t.started_at} />
                </span>
              </Td>
              <Td dataLabel="Took">{t.started_at ? duration(t.started_at, t.finished_at) : '—'}</Td>
              <Td dataLabel="Error" modifier="truncate">
                <span title={t.error ?? undefined}>{t.error ?? ''}</span>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <TaskLog task={selected} onFinished={onTaskFinished} />
    </Flex>
  );
}

export function ClusterPage({ tab }: { tab: 'overview' | 'tasks' | 'resources' | 'other' }) {
  const workspace = useWorkspace();
  const { id = '', taskId, section, view } = useParams();
  const navigate = useNavigate();
  const activeKey = tab === 'other' ? (TABS.find((t) => t.path === section)?.key ?? 'overview') : tab;
  const base = `/workspaces/${workspace.slug}/clusters/${id}`;

  const cluster = useResource((signal) => request<Cluster>(`/clusters/${id}`, { signal }), id);
  const tasks = useResource(async (signal) => (await requestPage<Task>(`/clusters/${id}/tasks`, { query: { limit: 20 }, signal })).items, id);
  const templates = useResource<TemplateNames>((signal) => fetchTemplateNames(workspace.id, signal), workspace.id);

  const requests = useChangeRequests(workspace.id, id);
  const refresh = useCallback(() => {
    cluster.reload(true);
    tasks.reload(true);
    requests.reload(true);
  }, [cluster, tasks, requests]);
  // Read again when an event of this cluster comes (status, tasks, revisions, change requests, agent); every
  // few seconds while the stream is down; every 30 s for telemetry, which has no events.
  const live = useLiveRefresh(workspace.id, (event) => clusterOf(event) === id, refresh);
  useInterval(refresh, live === 'live' ? TELEMETRY_REFRESH_MS : REFRESH_MS);
  const pending = requests.data?.filter((r) => r.status === 'pending') ?? [];

  if (cluster.data === undefined) {
    if (cluster.error) {
      const notFound = cluster.errorStatus === 404;
      return (
        <PageSection>
          {notFound ? (
            <Empty title="Cluster not found">
              No cluster <code>{id}</code> in {workspace.name}. <Link to={`/workspaces/${workspace.slug}/clusters`}>Back to the clusters</Link>
            </Empty>
          ) : (
            <ErrorState title="The cluster could not be read" message={cluster.error} onRetry={() => cluster.reload()} />
          )}
        </PageSection>
      );
    }
    return <Loading what="cluster" />;
  }
  const c = cluster.data;
  const cause = failureCause(c, tasks.data);

  return (
    <>
      <PageSection type="breadcrumb">
        <Breadcrumb>
          <BreadcrumbItem render={({ className, ariaCurrent }) => (
            <Link className={className} aria-current={ariaCurrent} to={`/workspaces/${workspace.slug}/clusters`}>
              Clusters
            </Link>
          )} />
          <BreadcrumbItem isActive>{c.name}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <PageSection>
        <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapMd' }}>
          <FlexItem>
            <Title headingLevel="h1">{c.name}</Title>
          </FlexItem>
          <FlexItem>
            <ClusterStatusLabel status={c.status} cause={cause} />
          </FlexItem>
        </Flex>
        {cluster.error ? <Alert variant="warning" isInline isPlain title={`Live updates paused: ${cluster.error}`} className="pf-v6-u-mt-sm" /> : null}
        {pending.length > 0 && activeKey !== 'changes' ? (
          <Alert
            variant="warning"
            isInline
            title={`Revision ${pending[0].revision} waits for approval: its plan has ${pending[0].destructive_changes.length} destructive change${pending[0].destructive_changes.length === 1 ? '' : 's'}`}
            className="pf-v6-u-mt-sm"
            actionLinks={<AlertActionLink onClick={() => navigate(`${base}/changes`)}>Review it</AlertActionLink>}
          />
        ) : null}
      </PageSection>
      <PageSection type="tabs">
        <Tabs
          activeKey={activeKey}
          onSelect={(_e, key) => {
            const t = TABS.find((x) => x.key === key);
            if (t) navigate(t.path ? `${base}/${t.path}` : base);
          }}
          aria-label="Cluster sections"
          usePageInsets
        >
          {TABS.map((t) => (
            <Tab key={t.key} eventKey={t.key} title={<TabTitleText>{t.title}</TabTitleText>} />
          ))}
        </Tabs>
      </PageSection>
      <PageSection>
        {activeKey === 'overview' ? (
          <Overview cluster={c} tasks={tasks.data} templates={templates.data} tasksPath={`${base}/tasks`} />
        ) : activeKey === 'tasks' ? (
          <TasksTab tasks={tasks.data} error={tasks.error} selectedId={taskId} basePath={`${base}/tasks`} onTaskFinished={refresh} />
        ) : activeKey === 'configuration' ? (
          <ConfigurationTab key={c.id} cluster={c} onSaved={refresh} />
        ) : activeKey === 'revisions' ? (
          <RevisionsTab cluster={c} />
        ) : activeKey === 'changes' ? (
          <ChangeRequestsTab requests={requests.data} error={requests.error} onApproved={refresh} />
        ) : activeKey === 'resources' ? (
          <ResourcesTab cluster={c} view={view} basePath={`${base}/resources`} onRefreshCluster={refresh} />
        ) : activeKey === 'settings' ? (
          <SettingsTab key={c.id} cluster={c} onSaved={refresh} />
        ) : (
          <Empty title={`${TABS.find((t) => t.key === activeKey)?.title}: no screen yet`}>
            This tab is still being built; the API already has what it will show.
          </Empty>
        )}
      </PageSection>
    </>
  );
}

