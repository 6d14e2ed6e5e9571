import React, { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Content,
  Flex,
  FlexItem,
  Form,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  Pagination,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { ApiError, errorMessage, request } from '../api/client';
import { cellText, deleteRecord, fetchCatalog, fetchRecords, recordColumns, saveRecord } from '../api/inventory';
import type { Catalog, CatalogRecordFull, Cluster } from '../api/types';
import { initialState, parseSchema, serverErrors, toValues, validate, type FormState } from '../forms/schema';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { ParamsForm, mergeErrors } from '../components/ParamsForm';
import { ConfirmModal, GuardedButton } from '../components/Dialogs';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { CatalogModal } from './InventoryPage';

const PER_PAGE = [20, 50, 100];

/** A record's values through the form its catalog's schema describes; problems next to their fields. */
function RecordModal({ workspaceId, catalog, record, onSaved, onClose }: { workspaceId: string; catalog: Catalog; record?: CatalogRecordFull; onSaved: () => void; onClose: () => void }) {
  const items = useMemo(() => parseSchema(catalog.params), [catalog]);
  const [state, setState] = useState<FormState>(() => initialState(items, record?.values));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const local = validate(items, state);
  const placed = serverErrors(items, [], error instanceof ApiError ? (error.problem.errors ?? []) : []);
  const errors = mergeErrors(local, placed.fields, touched);
  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await saveRecord(workspaceId, catalog.id, toValues(items, state, [], record?.values), record);
      onSaved();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const general = error && Object.keys(placed.fields).length === 0 ? errorMessage(error) : null;
  return (
    <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="record-title">
      <ModalHeader title={record ? 'Edit record' : `Add a record to ${catalog.name}`} labelId="record-title" />
      <ModalBody>
        <Form id="record-form" onSubmit={submit}>
          {general ? <Alert variant="danger" isInline title={general} /> : null}
          {placed.other.length > 0 ? (
            <Alert variant="danger" isInline title="The server refused these values">
              <ul className="commander-errors">
                {placed.other.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <ParamsForm items={items} state={state} onChange={setState} errors={errors} catalogs={[]} mode={record ? 'edit' : 'create'} original={record?.values} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="record-form" variant="primary" isLoading={busy} isDisabled={busy}>
          {record ? 'Save record' : 'Add record'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** Names of the clusters holding exclusive records on the page (read once each). */
function useClusterNames(ids: string[]): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      if (names.has(id)) continue;
      request<Cluster>(`/clusters/${id}`)
        .then((c) => setNames((old) => new Map(old).set(id, c.name)))
        .catch(() => setNames((old) => new Map(old).set(id, id.slice(0, 8))));
    }
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return names;
}

/** /workspaces/{slug}/inventory/{catalogId}: a catalog's records. */
export function CatalogPage() {
  const workspace = useWorkspace();
  const access = useAccess();
  const { catalogId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const perPage = PER_PAGE.includes(Number(params.get('per_page'))) ? Number(params.get('per_page')) : 20;
  const catalog = useResource((signal) => fetchCatalog(catalogId, signal), catalogId);
  const records = useResource((signal) => fetchRecords(workspace.id, catalogId, page, perPage, signal), `${catalogId}|${page}|${perPage}`);
  const [editing, setEditing] = useState<CatalogRecordFull | 'new' | null>(null);
  const [editingCatalog, setEditingCatalog] = useState(false);
  const [deleting, setDeleting] = useState<CatalogRecordFull | null>(null);
  const holders = useClusterNames((records.data?.items ?? []).map((r) => r.cluster_id).filter((id): id is string => !!id));
  const reason = deniedReason(access, 'write');

  if (catalog.data === undefined) {
    return (
      <PageSection>
        {catalog.error ? (
          <ErrorState title={catalog.errorStatus === 404 ? 'Catalog not found' : 'The catalog could not be read'} message={catalog.error} onRetry={() => catalog.reload()} />
        ) : (
          <Loading what="the catalog" />
        )}
      </PageSection>
    );
  }
  const c = catalog.data;
  const columns = recordColumns(c.params);
  const exclusive = c.usage === 'exclusive';
  const total = records.data?.total ?? 0;
  const setPage = (changes: Record<string, number>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if ((k === 'page' && v === 1) || (k === 'per_page' && v === 20)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  let body: React.ReactNode;
  if (records.data === undefined && records.error) body = <ErrorState title="Records could not be read" message={records.error} onRetry={() => records.reload()} />;
  else if (records.data === undefined) body = <Loading what="records" />;
  else if (records.data.items.length === 0)
    body = (
      <Empty title="No records yet" actions={access.canWrite ? <Button variant="primary" onClick={() => setEditing('new')}>Add record</Button> : undefined}>
        Records of <strong>{c.name}</strong> are offered by the catalog fields of templates{exclusive ? '; each is held by one cluster at a time' : ''}.
      </Empty>
    );
  else
    body = (
      <Table aria-label="Records" variant="compact">
        <Thead>
          <Tr>
            {columns.map((f) => (
              <Th key={f.key}>{f.title ?? f.key}</Th>
            ))}
            {exclusive ? <Th modifier="nowrap">Held by</Th> : null}
            <Th modifier="nowrap">Updated</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {records.data.items.map((r) => (
            <Tr key={r.id} data-record={String(r.values[columns[0]?.key] ?? r.id)}>
              {columns.map((f, i) => (
                <Td key={f.key} dataLabel={f.title ?? f.key}>
                  {cellText(f, r.values[f.key])}
                  {i === 0 && !r.schema_matches ? (
                    <>
                      {' '}
                      <Tooltip content="The catalog's schema changed since this record was written: edit it to bring it in line.">
                        <Label isCompact color="orange">does not match the schema</Label>
                      </Tooltip>
                    </>
                  ) : null}
                </Td>
              ))}
              {exclusive ? (
                <Td dataLabel="Held by">
                  {r.cluster_id ? (
                    <Link to={`/workspaces/${workspace.slug}/clusters/${r.cluster_id}`}>{holders.get(r.cluster_id) ?? '…'}</Link>
                  ) : (
                    <Label isCompact color="green">free</Label>
                  )}
                </Td>
              ) : null}
              <Td dataLabel="Updated">
                <Ago at={r.updated_at} />
              </Td>
              <Td dataLabel="Actions" isActionCell>
                {access.canWrite ? (
                  <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
                    <Button variant="secondary" size="sm" onClick={() => setEditing(r)} aria-label={`Edit record ${String(r.values[columns[0]?.key] ?? r.id)}`}>
                      Edit
                    </Button>
                    <Button variant="link" size="sm" isDanger onClick={() => setDeleting(r)} aria-label={`Delete record ${String(r.values[columns[0]?.key] ?? r.id)}`}>
                      Delete
                    </Button>
                  </Flex>
                ) : null}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );

  return (
    <>
      <PageSection>
        <Breadcrumb className="pf-v6-u-mb-sm">
          <BreadcrumbItem>
            <Link to={`/workspaces/${workspace.slug}/inventory`}>Inventory</Link>
          </BreadcrumbItem>
          <BreadcrumbItem isActive>{c.name}</BreadcrumbItem>
        </Breadcrumb>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }}>
          <FlexItem>
            <Title headingLevel="h1">{c.name}</Title>
            <Content component="p" className="commander-subtitle">
              <code>{c.slug}</code> · {exclusive ? 'exclusive: a record is held by one cluster at a time' : 'shared: clusters may use the same record'} · {total} {total === 1 ? 'record' : 'records'}
            </Content>
          </FlexItem>
          <FlexItem>
            <GuardedButton allowed={access.canWrite} reason={reason} variant="secondary" onClick={() => setEditingCatalog(true)}>
              Edit catalog
            </GuardedButton>
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <GuardedButton allowed={access.canWrite} reason={reason} variant="primary" icon={<PlusCircleIcon />} onClick={() => setEditing('new')}>
                Add record
              </GuardedButton>
            </ToolbarItem>
            {exclusive ? (
              <ToolbarItem alignSelf="center">
                <span className="commander-muted">Clusters take and give back exclusive records through their catalog fields; the API has no separate hold or release.</span>
              </ToolbarItem>
            ) : null}
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination
                itemCount={total}
                perPage={perPage}
                page={page}
                perPageOptions={PER_PAGE.map((n) => ({ title: String(n), value: n }))}
                onSetPage={(_e, p) => setPage({ page: p })}
                onPerPageSelect={(_e, n) => setPage({ per_page: n, page: 1 })}
                isCompact
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {records.data !== undefined && records.error ? <Alert variant="warning" isInline isPlain title={records.error} /> : null}
        {body}
      </PageSection>
      {editing ? (
        <RecordModal
          workspaceId={workspace.id}
          catalog={c}
          record={editing === 'new' ? undefined : editing}
          onSaved={() => {
            records.reload(true);
            catalog.reload(true);
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {editingCatalog ? <CatalogModal workspaceId={workspace.id} catalog={c} onSaved={() => { catalog.reload(true); records.reload(true); }} onClose={() => setEditingCatalog(false)} /> : null}
      {deleting ? (
        <ConfirmModal
          title="Delete this record?"
          confirm="Delete record"
          onConfirm={async () => {
            await deleteRecord(deleting.id);
            records.reload(true);
          }}
          onClose={() => setDeleting(null)}
        >
          {deleting.cluster_id
            ? `The cluster ${holders.get(deleting.cluster_id) ?? deleting.cluster_id} holds it: the server refuses to delete it until that cluster gives it back (its catalog field set to another record).`
            : 'Templates no longer offer it.'}
        </ConfirmModal>
      ) : null}
    </>
  );
}
