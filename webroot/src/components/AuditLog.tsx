import React, { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Flex,
  FlexItem,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Pagination,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AUDIT_OBJECT_TYPES, changeRows, changeSummary, fetchAudit, filterProblems, NO_FILTERS, type AuditFilters } from '../api/audit';
import { displayName, fetchUsers } from '../api/access';
import type { AuditRecord } from '../api/types';
import { useResource } from '../app/hooks';
import { Empty, ErrorState, Loading } from './States';
import { exact } from './time';
import { Ago } from './Time';

const PER_PAGE = [20, 50, 100];
const KEYS: Record<keyof AuditFilters, string> = { actor: 'actor', objectType: 'object_type', objectId: 'object_id', since: 'since', until: 'until', action: 'action' };

/** Where an audited object lives in the console, when it has a page. */
function objectLink(r: AuditRecord): string | null {
  if (!r.entity_id || !r.workspace_slug) return null;
  const base = `/workspaces/${r.workspace_slug}`;
  switch (r.entity_type) {
    case 'Cluster':
      return `${base}/clusters/${r.entity_id}`;
    case 'ClusterTemplate':
      return `${base}/templates/${r.entity_id}`;
    default:
      return null;
  }
}

function Changes({ record }: { record: AuditRecord }) {
  const rows = changeRows(record.changes);
  return (
    <div className="commander-audit-details">
      {rows.length > 0 ? (
        <Table aria-label="Changes" variant="compact" borders={false}>
          <Thead>
            <Tr>
              <Th modifier="nowrap">Field</Th>
              <Th modifier="nowrap">Before</Th>
              <Th modifier="nowrap">After</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((c) => (
              <Tr key={c.field}>
                <Td dataLabel="Field">
                  <code>{c.field}</code>
                </Td>
                <Td dataLabel="Before" className="commander-audit-value commander-diff-old">{c.before}</Td>
                <Td dataLabel="After" className="commander-audit-value commander-diff-new">{c.after}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : (
        <p className="commander-muted">No field changes recorded.</p>
      )}
      <p className="commander-muted">
        {exact(record.at)} · from {record.remote_address ?? 'inside Commander'} · request {record.request_id ?? '—'}
        {record.entity_id ? (
          <>
            {' '}
            · object <code>{record.entity_id}</code>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** The audit log of one workspace (workspaceId) or of all of Commander (null), with the API's filters. */
export function AuditLog({ workspaceId }: { workspaceId: string | null }) {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = { ...NO_FILTERS };
  for (const [k, p] of Object.entries(KEYS)) filters[k as keyof AuditFilters] = params.get(p) ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const perPage = PER_PAGE.includes(Number(params.get('per_page'))) ? Number(params.get('per_page')) : 20;
  const [draftId, setDraftId] = useState(filters.objectId);
  const problems = filterProblems({ ...filters, objectId: draftId });
  const serverKey = JSON.stringify({ ...filters, action: '' });
  const list = useResource((signal) => fetchAudit(workspaceId, filters, page, perPage, signal), `${workspaceId}|${serverKey}|${page}|${perPage}`);
  const users = useResource((signal) => fetchUsers(signal), 'users');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const actions = useMemo(() => [...new Set((list.data?.items ?? []).map((r) => r.action))].sort(), [list.data]);

  const set = (changes: Partial<AuditFilters> & { page?: number; per_page?: number }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      const key = k in KEYS ? KEYS[k as keyof AuditFilters] : k;
      if (v === '' || v === undefined || (k === 'page' && v === 1) || (k === 'per_page' && v === 20)) next.delete(key);
      else next.set(key, String(v));
    }
    // Any other filter starts again on the first page.
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const filtered = Object.entries(filters).some(([, v]) => v);
  const items = (list.data?.items ?? []).filter((r) => !filters.action || r.action === filters.action);
  const total = list.data?.total ?? 0;

  let body: React.ReactNode;
  if (list.data === undefined && list.error) body = <ErrorState title="The audit log could not be read" message={list.error} onRetry={() => list.reload()} />;
  else if (list.data === undefined) body = <Loading what="the audit log" />;
  else if (items.length === 0)
    body = filtered ? (
      <Empty title="No records match" actions={<Button variant="link" onClick={() => { setDraftId(''); setParams(new URLSearchParams()); }}>Clear all filters</Button>}>
        {filters.action && list.data.items.length > 0 ? `No "${filters.action}" on this page; the action filter reads the page on screen only.` : 'Nothing was recorded with these filters.'}
      </Empty>
    ) : (
      <Empty title="Nothing recorded yet">Every change made through the API or this console is recorded here: who, what, when, from where.</Empty>
    );
  else
    body = (
      <Table aria-label="Audit records" variant="compact">
        <Thead>
          <Tr>
            <Th screenReaderText="Details" />
            <Th modifier="nowrap">Time</Th>
            <Th modifier="nowrap">Actor</Th>
            <Th modifier="nowrap">Action</Th>
            <Th modifier="nowrap">Object</Th>
            {workspaceId ? null : <Th modifier="nowrap">Workspace</Th>}
            <Th modifier="nowrap">Changed</Th>
          </Tr>
        </Thead>
        {items.map((r, i) => {
          const open = expanded.has(r.id);
          const link = objectLink(r);
          return (
            <Tbody key={r.id} isExpanded={open}>
              <Tr data-audit={`${r.entity_type}:${r.action}`}>
                <Td
                  expand={{
                    rowIndex: i,
                    isExpanded: open,
                    onToggle: () => setExpanded((old) => {
                      const next = new Set(old);
                      if (next.has(r.id)) next.delete(r.id);
                      else next.add(r.id);
                      return next;
                    }),
                    expandId: `audit-${r.id}`,
                  }}
                />
                <Td dataLabel="Time" modifier="nowrap">
                  <Ago at={r.at} />
                </Td>
                <Td dataLabel="Actor">
                  {r.actor_name} {r.actor_type !== 'user' ? <Label isCompact>{r.actor_type}</Label> : null}
                </Td>
                <Td dataLabel="Action">
                  <code>{r.action}</code>
                </Td>
                <Td dataLabel="Object">
                  {r.entity_type}
                  {link ? (
                    <>
                      {' '}
                      <Link to={link}>open</Link>
                    </>
                  ) : null}
                </Td>
                {workspaceId ? null : <Td dataLabel="Workspace">{r.workspace_slug ?? <span className="commander-muted">global</span>}</Td>}
                <Td dataLabel="Changed" className="commander-muted">
                  {changeSummary(r.changes)}
                </Td>
              </Tr>
              <Tr isExpanded={open}>
                <Td colSpan={workspaceId ? 6 : 7}>
                  <ExpandableRowContent>{open ? <Changes record={r} /> : null}</ExpandableRowContent>
                </Td>
              </Tr>
            </Tbody>
          );
        })}
      </Table>
    );

  const pagination = (variant: 'top' | 'bottom') => (
    <Pagination
      itemCount={total}
      perPage={perPage}
      page={page}
      perPageOptions={PER_PAGE.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_e, p) => set({ page: p })}
      onPerPageSelect={(_e, n) => set({ per_page: n })}
      variant={variant}
      isCompact={variant === 'top'}
      titles={{ paginationAriaLabel: `Audit pages (${variant})` }}
    />
  );

  return (
    <>
      <Flex className="commander-filters" flexWrap={{ default: 'wrap' }} alignItems={{ default: 'alignItemsFlexStart' }} spaceItems={{ default: 'spaceItemsMd' }}>
            <FlexItem>
              <FormGroup label="Actor" fieldId="audit-actor">
                <FormSelect id="audit-actor" value={filters.actor} onChange={(_e, v) => set({ actor: v })} className="commander-narrow-select">
                  <FormSelectOption value="" label="Anyone" />
                  {(users.data ?? []).map((u) => (
                    <FormSelectOption key={u.id} value={u.id} label={displayName(u)} />
                  ))}
                </FormSelect>
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <FormGroup label="Object type" fieldId="audit-type">
                <FormSelect id="audit-type" value={filters.objectType} onChange={(_e, v) => set({ objectType: v })} className="commander-narrow-select">
                  <FormSelectOption value="" label="Any object" />
                  {AUDIT_OBJECT_TYPES.map((t) => (
                    <FormSelectOption key={t} value={t} label={t} />
                  ))}
                </FormSelect>
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <FormGroup label="Object ID" fieldId="audit-object">
                <TextInput
                  id="audit-object"
                  className="commander-uuid"
                  value={draftId}
                  placeholder="UUID"
                  onChange={(_e, v) => {
                    setDraftId(v);
                    if (!v || !filterProblems({ ...NO_FILTERS, objectId: v }).objectId) set({ objectId: v.trim() });
                  }}
                  validated={problems.objectId ? 'error' : 'default'}
                />
                {problems.objectId ? (
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem variant="error">{problems.objectId}</HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                ) : null}
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <FormGroup label="Since" fieldId="audit-since">
                <TextInput id="audit-since" className="commander-datetime" type="datetime-local" value={filters.since} onChange={(_e, v) => set({ since: v })} />
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <FormGroup label="Until" fieldId="audit-until">
                <TextInput id="audit-until" className="commander-datetime" type="datetime-local" value={filters.until} onChange={(_e, v) => set({ until: v })} validated={problems.until ? 'error' : 'default'} />
                {problems.until ? (
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem variant="error">{problems.until}</HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                ) : null}
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <FormGroup label="Action (this page)" fieldId="audit-action">
                <FormSelect id="audit-action" value={filters.action} onChange={(_e, v) => set({ action: v })} className="commander-narrow-select">
                  <FormSelectOption value="" label="Any action" />
                  {[...new Set([...actions, ...(filters.action ? [filters.action] : [])])].map((a) => (
                    <FormSelectOption key={a} value={a} label={a} />
                  ))}
                </FormSelect>
              </FormGroup>
            </FlexItem>
      </Flex>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
            {pagination('top')}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {list.data !== undefined && list.error ? <Alert variant="warning" isInline isPlain title={list.error} className="pf-v6-u-mb-md" /> : null}
      {body}
      {items.length > 0 ? pagination('bottom') : null}
    </>
  );
}
