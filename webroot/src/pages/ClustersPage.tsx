import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Content,
  Flex,
  FlexItem,
  Label,
  MenuToggle,
  PageSection,
  Pagination,
  SearchInput,
  Select,
  SelectList,
  SelectOption,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr, type ThProps } from '@patternfly/react-table';
import FilterIcon from '@patternfly/react-icons/dist/esm/icons/filter-icon';
import { fetchClusterPage, fetchRecentTasks, fetchTemplateNames, PageCursors, sortOf, sortParam, type ClusterSortKey, type TemplateNames } from '../api/clusters';
import { causeInTasks, failureCause, isFailure, STATUS_ORDER, statusInfo } from '../api/status';
import type { Cluster, Task } from '../api/types';
import { useWorkspace } from '../app/App';
import { useInterval, useLiveRefresh, useResource } from '../app/hooks';
import { clusterOf } from '../api/liveEvents';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { GuardedButton } from '../components/Dialogs';
import { ClusterStatusLabel } from '../components/StatusLabel';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { AgentSummary } from '../components/Agent';
import { BulkToolbar } from '../components/BulkActions';
import { afterAction, NONE, pageState, refreshed, selectPage, toggle, type Selection } from '../app/selection';

export const PER_PAGE_OPTIONS = [20, 50, 100];
const REFRESH_MS = 3000;
// Telemetry (nodes, versions) comes every 30 s and has no events.
const TELEMETRY_REFRESH_MS = 30000;

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The newest failed tasks of the failing clusters on screen, read once per cluster state (a cluster's
 * updated_at changes with its status), so the cause of each failure is on the row.
 */
function useFailureTasks(clusters: Cluster[] | undefined): Map<string, Task[]> {
  const [tasks, setTasks] = useState<Map<string, Task[]>>(new Map());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!clusters) return;
    for (const c of clusters) {
      if (!causeInTasks(c.status)) continue;
      const key = `${c.id}@${c.updated_at}`;
      if (asked.current.has(key)) continue;
      asked.current.add(key);
      fetchRecentTasks(c.id, 5)
        .then((list) => setTasks((old) => new Map(old).set(c.id, list)))
        .catch(() => asked.current.delete(key));
    }
  }, [clusters]);
  return tasks;
}

/** Sync mode, and which revision is applied (with the one waiting, if any). */
export function syncSummary(cluster: Pick<Cluster, 'sync_mode' | 'applied_revision' | 'desired_revision'>): { mode: string; revision: string } {
  const mode = cluster.sync_mode === 'manual' ? 'Manual' : 'Auto';
  const { applied_revision: applied, desired_revision: desired } = cluster;
  let revision: string;
  if (applied === null) revision = 'not applied';
  else if (desired === null || desired === applied) revision = `rev. ${applied}`;
  else revision = `rev. ${applied} → ${desired}`;
  return { mode, revision };
}

function SyncCell({ cluster }: { cluster: Cluster }) {
  const { mode, revision } = syncSummary(cluster);
  return (
    <span className="commander-nowrap">
      {mode} <span className="commander-muted">· {revision}</span>
    </span>
  );
}

function StatusCell({ cluster, tasks }: { cluster: Cluster; tasks: Task[] | undefined }) {
  const cause = failureCause(cluster, tasks);
  return (
    <div className="commander-cell-stack">
      <span>
        <ClusterStatusLabel status={cluster.status} cause={cause} />
      </span>
      {isFailure(cluster.status) ? (
        <span className="commander-cause" title={cause ?? undefined}>
          {cause ?? 'reading the cause…'}
        </span>
      ) : null}
    </div>
  );
}

/** One of the list's filters: a select whose first option ("All …") clears it. */
function FilterSelect({ label, value, display, all, options, onChange }: {
  label: string;
  value: string;
  display: string;
  all: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Select
      isOpen={open}
      selected={value}
      onOpenChange={setOpen}
      onSelect={(_e, v) => {
        setOpen(false);
        onChange(String(v ?? ''));
      }}
      toggle={(ref) => (
        <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} icon={<FilterIcon />} aria-label={label}>
          {display}
        </MenuToggle>
      )}
    >
      <SelectList>
        <SelectOption value="">{all}</SelectOption>
        {options.map((o) => (
          <SelectOption key={o.value} value={o.value}>
            {o.label}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}

const STATUS_OPTIONS = STATUS_ORDER.filter((s) => s !== 'deleted').map((s) => ({ value: s, label: statusInfo(s).label }));
const SYNC_MODES: Record<string, string> = { auto: 'Auto sync', manual: 'Manual sync' };
const SYNC_OPTIONS = Object.entries(SYNC_MODES).map(([value, label]) => ({ value, label }));

export function ClustersPage() {
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = positive(params.get('page'), 1);
  const perPage = PER_PAGE_OPTIONS.includes(positive(params.get('per_page'), 20)) ? positive(params.get('per_page'), 20) : 20;
  const status = params.get('status') ?? '';
  const searched = params.get('q') ?? '';
  const sortKey = params.get('sort') ?? '';
  const templateId = params.get('template') ?? '';
  const syncMode = SYNC_MODES[params.get('sync_mode') ?? ''] ? params.get('sync_mode')! : '';
  const versionId = params.get('version') ?? '';
  const sort = sortOf(sortKey);
  const cursors = useMemo(() => new PageCursors(), []);

  const query = { workspaceId: workspace.id, page, perPage, status: status || undefined, search: searched || undefined, sort: sort ? sortKey : undefined, templateId: templateId || undefined, syncMode: syncMode || undefined, templateVersionId: versionId || undefined };
  const list = useResource((signal) => fetchClusterPage(query, cursors, signal), `${workspace.id}|${page}|${perPage}|${status}|${searched}|${sortKey}|${templateId}|${syncMode}|${versionId}`);
  const templates = useResource<TemplateNames>((signal) => fetchTemplateNames(workspace.id, signal), workspace.id);
  const access = useAccess();
  // What is typed goes to the address (and the server) once typing pauses.
  const [search, setSearch] = useState(searched);
  useEffect(() => setSearch(searched), [searched]);
  const clusters = list.data?.items;
  const pageItems = clusters;
  const failureTasks = useFailureTasks(pageItems);
  // The selection outlives refreshes and pages: only the facts of the selected rows on screen follow the list.
  const [selection, setSelection] = useState<Selection>(NONE);
  useEffect(() => {
    if (clusters) setSelection((s) => refreshed(s, clusters));
  }, [clusters]);
  const selecting = access.canWrite;
  const sortBy = (key: ClusterSortKey, index: number): ThProps['sort'] => ({
    columnIndex: index + (selecting ? 1 : 0),
    sortBy: sort ? { index: { name: 0, status: 1, updated: 5 }[sort.key] + (selecting ? 1 : 0), direction: sort.direction } : {},
    onSort: (_e, _i, direction) => setQuery({ sort: sortParam(key, direction), page: 1 }),
  });

  // A cluster of a template created after the names were read: read them again (once per such set).
  const missingTemplates = (pageItems ?? [])
    .map((c) => c.cluster_template_id)
    .filter((id): id is string => !!id && !!templates.data && !templates.data.template(id));
  const missingKey = [...new Set(missingTemplates)].sort().join(',');
  const askedFor = useRef('');
  useEffect(() => {
    if (missingKey && askedFor.current !== missingKey && !templates.loading) {
      askedFor.current = missingKey;
      templates.reload(true);
    }
  }, [missingKey, templates]);

  // Live: the page on screen is read again when the workspace's events say a cluster changed; while the
  // stream is down, every few seconds (only while the tab is visible). Agents' telemetry has no events.
  const refresh = useCallback(() => list.reload(true), [list]);
  const live = useLiveRefresh(workspace.id, (event) => clusterOf(event) !== null, refresh);
  useInterval(refresh, live === 'live' ? TELEMETRY_REFRESH_MS : REFRESH_MS);

  // From the address as it is when applied: a search sent after a pause must not undo a sort chosen meanwhile.
  const setQuery = (changes: Record<string, string | number | null>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '' || (k === 'page' && v === 1) || (k === 'per_page' && v === 20)) next.delete(k);
        else next.set(k, String(v));
      }
      return next;
    });
  };
  // Typing searches once it pauses for a moment.
  useEffect(() => {
    if (search.trim() === searched) return undefined;
    const id = window.setTimeout(() => setQuery({ q: search.trim() || null, page: 1 }), 400);
    return () => window.clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const total = list.data?.total ?? pageItems?.length ?? 0;

  let body: React.ReactNode;
  if (list.data === undefined && list.error) {
    body = <ErrorState title="Clusters could not be read" message={list.error} onRetry={() => list.reload()} />;
  } else if (list.data === undefined) {
    body = <Loading what="clusters" />;
  } else if (clusters!.length === 0 && searched) {
    body = (
      <Empty title={`No cluster's name contains "${searched}"`} actions={<Button variant="link" onClick={() => setQuery({ q: null, page: 1 })}>Clear the search</Button>}>
        The search reads every cluster of the workspace{status || templateId || syncMode || versionId ? ' that the filters keep' : ''}.
      </Empty>
    );
  } else if (clusters!.length === 0 && page > 1 && total > 0) {
    body = (
      <Empty title="This page is empty" actions={<Button onClick={() => setQuery({ page: 1 })}>Go to the first page</Button>}>
        The list is shorter than it was.
      </Empty>
    );
  } else if (clusters!.length === 0 && (status || templateId || syncMode || versionId)) {
    const template = templateId ? templates.data?.template(templateId) ?? 'this template' : null;
    const conditions = [
      status ? `is ${statusInfo(status).label.toLowerCase()}` : null,
      template ? `is made from ${template}` : null,
      versionId ? `is on ${templates.data?.version(versionId) ?? 'this template version'}` : null,
      syncMode ? `syncs in ${syncMode} mode` : null,
    ].filter(Boolean);
    body = (
      <Empty title="No clusters match" actions={<Button variant="link" onClick={() => setQuery({ status: null, template: null, sync_mode: null, version: null, page: 1 })}>Show all clusters</Button>}>
        No cluster of this workspace {conditions.join(' and ')}.
      </Empty>
    );
  } else if (clusters!.length === 0) {
    body = (
      <Empty
        title="No clusters yet"
        actions={
          <>
            {access.canWrite ? (
              <Button variant="primary" onClick={() => navigate(`/workspaces/${workspace.slug}/clusters/new`)}>
                Create cluster
              </Button>
            ) : null}
            <Button variant="link" component="a" href="/documentation" target="_blank" rel="noopener">
              Or with the API
            </Button>
          </>
        }
      >
        Clusters of <strong>{workspace.name}</strong> appear here as soon as they are created, and their status changes without a reload.
      </Empty>
    );
  } else {
    body = (
      <Table aria-label="Clusters" variant="compact" className="commander-clusters">
        <Thead>
          <Tr>
            {selecting ? (
              <Th
                select={{
                  onSelect: (_e, on) => setSelection((s) => selectPage(s, clusters!, on)),
                  isSelected: pageState(selection, clusters!) === 'all',
                }}
                aria-label="Select the page"
              />
            ) : null}
            <Th modifier="nowrap" sort={sortBy('name', 0)}>Name</Th>
            <Th sort={sortBy('status', 1)}>Status</Th>
            <Th modifier="nowrap">Template</Th>
            <Th modifier="nowrap">Agent</Th>
            <Th modifier="nowrap">Sync</Th>
            <Th modifier="nowrap" sort={sortBy('updated', 5)}>Updated</Th>
          </Tr>
        </Thead>
        <Tbody>
          {clusters!.map((c, rowIndex) => (
            <Tr key={c.id} data-cluster={c.name} isRowSelected={selection.has(c.id)}>
              {selecting ? (
                <Td select={{ rowIndex, onSelect: (_e, on) => setSelection((s) => toggle(s, c, on)), isSelected: selection.has(c.id) }} />
              ) : null}
              <Td dataLabel="Name" modifier="nowrap">
                <Link to={`/workspaces/${workspace.slug}/clusters/${c.id}`}>{c.name}</Link>
              </Td>
              <Td dataLabel="Status">
                <StatusCell cluster={c} tasks={failureTasks.get(c.id)} />
              </Td>
              <Td dataLabel="Template" modifier="nowrap">
                {templates.data?.template(c.cluster_template_id) ?? (c.cluster_template_id ? '…' : '—')}{' '}
                <span className="commander-muted">{templates.data?.version(c.cluster_template_version_id) ?? ''}</span>
              </Td>
              <Td dataLabel="Agent">
                <AgentSummary cluster={c} compact />
              </Td>
              <Td dataLabel="Sync">
                <SyncCell cluster={c} />
              </Td>
              <Td dataLabel="Updated" modifier="nowrap">
                <Ago at={c.updated_at} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );
  }

  const pagination = (variant: 'top' | 'bottom') => (
    <Pagination
      itemCount={total}
      perPage={perPage}
      page={page}
      perPageOptions={PER_PAGE_OPTIONS.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_e, p) => setQuery({ page: p })}
      onPerPageSelect={(_e, n) => setQuery({ per_page: n, page: 1 })}
      variant={variant}
      isCompact={variant === 'top'}
      titles={{ paginationAriaLabel: `Clusters pages (${variant})` }}
    />
  );

  return (
    <>
      <PageSection>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsFlexStart' }}>
          <FlexItem>
            <Title headingLevel="h1">Clusters</Title>
            <Content component="p" className="commander-subtitle">
              {list.data ? `${total} ${total === 1 ? 'cluster' : 'clusters'} in ${workspace.name}` : `Clusters of ${workspace.name}`} · updated live
            </Content>
          </FlexItem>
          <FlexItem>
            <GuardedButton allowed={access.canWrite} reason={deniedReason(access, 'write')} variant="primary" onClick={() => navigate(`/workspaces/${workspace.slug}/clusters/new`)}>
              Create cluster
            </GuardedButton>
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection>
        {list.data !== undefined && total === 0 && !status && !searched && !templateId && !syncMode && !versionId && page === 1 ? null : (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput aria-label="Find clusters by name" placeholder="Find by name" value={search} onChange={(_e, v) => setSearch(v)} onClear={() => { setSearch(''); setQuery({ q: null, page: 1 }); }} onSearch={() => setQuery({ q: search.trim() || null, page: 1 })} />
            </ToolbarItem>
            <ToolbarItem>
              <FilterSelect label="Status filter" value={status} display={status ? statusInfo(status).label : 'All statuses'} all="All statuses" options={STATUS_OPTIONS} onChange={(s) => setQuery({ status: s || null, page: 1 })} />
            </ToolbarItem>
            <ToolbarItem>
              <FilterSelect
                label="Template filter"
                value={templateId}
                display={templates.data?.template(templateId || null) ?? (templateId ? 'A template' : 'All templates')}
                all="All templates"
                options={(templates.data?.all() ?? []).map((t) => ({ value: t.id, label: t.name }))}
                onChange={(t) => setQuery({ template: t || null, version: null, page: 1 })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <FilterSelect label="Sync mode filter" value={syncMode} display={SYNC_MODES[syncMode] ?? 'All sync modes'} all="All sync modes" options={SYNC_OPTIONS} onChange={(m) => setQuery({ sync_mode: m || null, page: 1 })} />
            </ToolbarItem>
            {versionId ? (
              <ToolbarItem>
                <Label variant="outline" onClose={() => setQuery({ version: null, page: 1 })} closeBtnAriaLabel="Clear the version filter">
                  Version {templates.data?.version(versionId) ?? '…'}
                </Label>
              </ToolbarItem>
            ) : null}
            {selecting && clusters && (clusters.length > 0 || selection.size > 0) ? (
              <BulkToolbar
                workspaceId={workspace.id}
                selection={selection}
                pageSize={clusters.length}
                onSelectPage={() => setSelection((s) => selectPage(s, clusters))}
                onSelectNone={() => setSelection(NONE)}
                templates={templates.data}
                onDone={(outcome) => {
                  setSelection((s) => afterAction(s, outcome.results.filter((r) => r.problem).map((r) => r.id)));
                  list.reload(true);
                }}
              />
            ) : null}
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              {pagination('top')}
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        )}
        {sort ? (
          <p className="commander-muted pf-v6-u-mb-sm">
            Sorted by {({ name: 'name', status: 'status', updated: 'last change' } as const)[sort.key]}, {sort.direction === 'asc' ? 'ascending' : 'descending'}.{' '}
            <Button variant="link" isInline onClick={() => setQuery({ sort: null, page: 1 })}>
              Back to newest first
            </Button>
          </p>
        ) : null}
        {list.data !== undefined && list.error ? (
          <Alert variant="warning" isInline isPlain title={`Live updates paused: ${list.error}`} className="pf-v6-u-mb-md" />
        ) : null}
        {body}
        {clusters && clusters.length > 0 ? pagination('bottom') : null}
      </PageSection>
    </>
  );
}
