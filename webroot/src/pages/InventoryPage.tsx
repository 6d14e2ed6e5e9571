import React, { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  TextArea,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { errorMessage } from '../api/client';
import { deleteCatalog, EXAMPLE_CATALOG_PARAMS, fetchCatalogs, importCatalog, parseParamsText, saveCatalog, type CatalogDraft } from '../api/inventory';
import type { Catalog } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { ConfirmModal, FieldHelp, FormModal, GuardedButton, useSubmit } from '../components/Dialogs';
import { fieldErrors, slugify } from '../components/fieldErrors';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';

/** Creates a catalog, or edits one (name, usage, schema; the slug never changes). */
export function CatalogModal({ workspaceId, catalog, onSaved, onClose }: { workspaceId: string; catalog?: Catalog; onSaved: (c: Catalog) => void; onClose: () => void }) {
  const [draft, setDraft] = useState<CatalogDraft>({
    name: catalog?.name ?? '',
    slug: catalog?.slug ?? '',
    usage: catalog?.usage ?? 'shared',
    params: catalog ? JSON.stringify(catalog.params, null, 2) : EXAMPLE_CATALOG_PARAMS,
  });
  const [slugEdited, setSlugEdited] = useState(!!catalog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const slug = slugEdited ? draft.slug : slugify(draft.name);
  const parsed = parseParamsText(draft.params);
  const schemaError = 'error' in parsed ? parsed.error : fields.params;

  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    if ('error' in parsed) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveCatalog(workspaceId, { ...draft, slug }, parsed.params, catalog));
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const other = error && !fields.name && !fields.slug && !fields.params && !fields.usage;
  return (
    <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="catalog-title">
      <ModalHeader title={catalog ? `Edit catalog ${catalog.name}` : 'Create a catalog'} labelId="catalog-title" description="A catalog holds records (subnets, IP ranges, credentials…) that templates pick through catalog fields." />
      <ModalBody>
        <Form id="catalog-form" onSubmit={submit}>
          {other ? <Alert variant="danger" isInline title={errorMessage(error)} /> : null}
          <FormGroup label="Name" fieldId="catalog-name" isRequired>
            <TextInput id="catalog-name" value={draft.name} onChange={(_e, v) => setDraft({ ...draft, name: v })} isRequired autoFocus validated={fields.name ? 'error' : 'default'} />
            <FieldHelp error={fields.name} />
          </FormGroup>
          <FormGroup label="Slug" fieldId="catalog-slug" isRequired>
            <TextInput
              id="catalog-slug"
              value={slug}
              isDisabled={!!catalog}
              onChange={(_e, v) => {
                setSlugEdited(true);
                setDraft({ ...draft, slug: v });
              }}
              validated={fields.slug ? 'error' : 'default'}
            />
            <FieldHelp error={fields.slug} hint="Templates name the catalog by it (catalog: subnets); it never changes." />
          </FormGroup>
          <FormGroup label="Usage" fieldId="catalog-usage">
            <FormSelect id="catalog-usage" value={draft.usage} onChange={(_e, v) => setDraft({ ...draft, usage: v as CatalogDraft['usage'] })}>
              <FormSelectOption value="shared" label="Shared: any number of clusters use the same record" />
              <FormSelectOption value="exclusive" label="Exclusive: a record is held by one cluster at a time" />
            </FormSelect>
          </FormGroup>
          <FormGroup label="Record schema" fieldId="catalog-params" isRequired>
            <TextArea id="catalog-params" value={draft.params} onChange={(_e, v) => setDraft({ ...draft, params: v })} rows={10} resizeOrientation="vertical" className="commander-mono" validated={schemaError ? 'error' : 'default'} />
            <FieldHelp error={schemaError} hint="The fields of a record, in the format of template params; identifier: true marks what pickers show." />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="catalog-form" variant="primary" isLoading={busy} isDisabled={busy || !draft.name.trim() || !slug || 'error' in parsed}>
          {catalog ? 'Save catalog' : 'Create catalog'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function ImportModal({ workspaceId, onImported, onClose }: { workspaceId: string; onImported: (c: Catalog) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const { busy, message, run } = useSubmit();
  const submit = (event: React.FormEvent) => run(async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new Error(`Not JSON: ${errorMessage(e)}`);
    }
    onImported(await importCatalog(workspaceId, body));
    onClose();
  }, event);
  return (
    <FormModal id="import-catalog" variant="medium" title="Import a catalog" description='A catalog with its records: {"name", "slug", "usage", "params", "resources": [{"values": {…}}]}. Into an existing slug, the records are appended.'
      error={message} busy={busy} submit="Import" canSubmit={!!text.trim()} onClose={onClose}>
      <Form id="import-catalog" onSubmit={(e) => void submit(e)}>
        <FormGroup label="Catalog (JSON)" fieldId="import-json">
          <TextArea id="import-json" value={text} onChange={(_e, v) => setText(v)} rows={14} resizeOrientation="vertical" className="commander-mono" />
        </FormGroup>
      </Form>
    </FormModal>
  );
}

/** /workspaces/{slug}/inventory: the workspace's catalogs. */
export function InventoryPage() {
  const workspace = useWorkspace();
  const access = useAccess();
  const navigate = useNavigate();
  const catalogs = useResource((signal) => fetchCatalogs(workspace.id, signal), workspace.id);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<Catalog | null>(null);
  const reason = deniedReason(access, 'write');
  const open = (c: Catalog) => navigate(`/workspaces/${workspace.slug}/inventory/${c.id}`);

  let body: React.ReactNode;
  if (catalogs.data === undefined && catalogs.error) body = <ErrorState title="Catalogs could not be read" message={catalogs.error} onRetry={() => catalogs.reload()} />;
  else if (catalogs.data === undefined) body = <Loading what="catalogs" />;
  else if (catalogs.data.length === 0)
    body = (
      <Empty
        title="No catalogs yet"
        actions={
          access.canWrite ? (
            <>
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create catalog
              </Button>
              <Button variant="link" onClick={() => setImporting(true)}>
                Import a catalog
              </Button>
            </>
          ) : undefined
        }
      >
        Catalogs keep the records that clusters pick: subnets, address ranges, credentials. A template's catalog field offers them in the cluster form.
      </Empty>
    );
  else
    body = (
      <Table aria-label="Catalogs" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Name</Th>
            <Th modifier="nowrap">Slug</Th>
            <Th modifier="nowrap">Usage</Th>
            <Th modifier="nowrap">Records</Th>
            <Th modifier="nowrap">Updated</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {catalogs.data.map((c) => (
            <Tr key={c.id} data-catalog={c.slug}>
              <Td dataLabel="Name">
                <Link to={`/workspaces/${workspace.slug}/inventory/${c.id}`}>{c.name}</Link>
              </Td>
              <Td dataLabel="Slug">
                <code>{c.slug}</code>
              </Td>
              <Td dataLabel="Usage">
                <Label isCompact color={c.usage === 'exclusive' ? 'purple' : 'blue'}>
                  {c.usage}
                </Label>
              </Td>
              <Td dataLabel="Records">{c.records_count}</Td>
              <Td dataLabel="Updated">
                <Ago at={c.updated_at} />
              </Td>
              <Td dataLabel="Actions" isActionCell>
                {access.canWrite ? (
                  <Button variant="link" size="sm" isDanger onClick={() => setDeleting(c)} aria-label={`Delete catalog ${c.name}`}>
                    Delete
                  </Button>
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
        <Title headingLevel="h1">Inventory</Title>
        <Content component="p" className="commander-subtitle">
          Catalogs of {workspace.name} and their records{access.canWrite ? '' : ' · read-only for your role'}
        </Content>
      </PageSection>
      <PageSection>
        {catalogs.data && catalogs.data.length > 0 ? (
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <GuardedButton allowed={access.canWrite} reason={reason} variant="primary" icon={<PlusCircleIcon />} onClick={() => setCreating(true)}>
                  Create catalog
                </GuardedButton>
              </ToolbarItem>
              <ToolbarItem>
                <GuardedButton allowed={access.canWrite} reason={reason} variant="secondary" onClick={() => setImporting(true)}>
                  Import
                </GuardedButton>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        ) : null}
        {catalogs.data !== undefined && catalogs.error ? <Alert variant="warning" isInline isPlain title={catalogs.error} /> : null}
        {body}
      </PageSection>
      {creating ? <CatalogModal workspaceId={workspace.id} onSaved={open} onClose={() => setCreating(false)} /> : null}
      {importing ? <ImportModal workspaceId={workspace.id} onImported={open} onClose={() => setImporting(false)} /> : null}
      {deleting ? (
        <ConfirmModal
          title={`Delete catalog ${deleting.name}?`}
          confirm="Delete catalog"
          onConfirm={async () => {
            await deleteCatalog(deleting.id);
            catalogs.reload(true);
          }}
          onClose={() => setDeleting(null)}
        >
          Its {deleting.records_count} records go with it. A catalog whose records clusters use is archived instead, and those clusters keep their values.
        </ConfirmModal>
      ) : null}
    </>
  );
}
