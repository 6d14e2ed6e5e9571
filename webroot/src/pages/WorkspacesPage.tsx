import React, { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { errorMessage, request } from '../api/client';
import type { Workspace } from '../api/types';
import { useSession } from '../app/session';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { fieldErrors, slugify } from '../components/fieldErrors';
import { FieldHelp, FormModal, useSubmit } from '../components/Dialogs';

function CreateWorkspaceModal({ onClose }: { onClose: () => void }) {
  const { reloadWorkspaces } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const { busy, error, run } = useSubmit();
  const fields = fieldErrors(error);
  const effectiveSlug = slugEdited ? slug : slugify(name);

  const submit = (event: React.FormEvent) => run(async () => {
    const created = await request<Workspace>('/workspaces', { method: 'POST', body: { name: name.trim(), slug: effectiveSlug } });
    await reloadWorkspaces().catch(() => undefined);
    navigate(`/workspaces/${created.slug}/clusters`);
  }, event);

  return (
<FormModal id="create-workspace" title="Create a workspace" description="A workspace holds clusters, templates, inventory and registries, with its own members and tokens."
      busy={busy} submit="Create" canSubmit={!!name.trim() && !!effectiveSlug} onClose={onClose}>
        <Form id="create-workspace" onSubmit={(e) => void submit(e)}>
          {error && Object.keys(fields).length === 0 ? <Alert variant="danger" isInline title={errorMessage(error)} /> : null}
          <FormGroup label="Name" fieldId="workspace-name" isRequired>
            <TextInput id="workspace-name" value={name} onChange={(_e, v) => setName(v)} isRequired autoFocus validated={fields.name ? 'error' : 'default'} />
            <FieldHelp error={fields.name} />
          </FormGroup>
          <FormGroup label="Slug" fieldId="workspace-slug" isRequired>
            <TextInput
              id="workspace-slug"
              value={effectiveSlug}
              onChange={(_e, v) => {
                setSlugEdited(true);
                setSlug(v);
              }}
              isRequired
              validated={fields.slug ? 'error' : 'default'}
            />
            <FieldHelp error={fields.slug} hint="In the workspace's addresses; lower-case letters, digits and dashes; never changes." />
          </FormGroup>
        </Form>
    </FormModal>
  );
}

/** What POST /demo answers. */
interface Demo {
  workspace: Workspace;
  created: boolean;
}

/** The demo fleet for a first look: a workspace with a template, a catalog and five simulated clusters. */
function DemoButton() {
  const { reloadWorkspaces } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const make = async () => {
    setBusy(true);
    setError(null);
    try {
      const demo = await request<Demo>('/demo', { method: 'POST' });
      await reloadWorkspaces().catch(() => undefined);
      navigate(`/workspaces/${demo.workspace.slug}/clusters`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={() => void make()} isLoading={busy} isDisabled={busy}>
        Show a demo fleet
      </Button>
      {error !== null && <Alert variant="danger" isInline isPlain title={errorMessage(error)} />}
    </>
  );
}

export function WorkspacesPage() {
  const { workspaces, workspacesError, reloadWorkspaces, me } = useSession();
  const [creating, setCreating] = useState(false);
  const canCreate = me?.global_role === 'admin';

  let body: React.ReactNode;
  if (workspaces === undefined) body = <Loading what="workspaces" />;
  else if (workspacesError && workspaces.length === 0)
    body = <ErrorState title="Workspaces could not be read" message={workspacesError} onRetry={() => void reloadWorkspaces().catch(() => undefined)} />;
  else if (workspaces.length === 0)
    body = (
      <Empty
        title="No workspaces yet"
        actions={
          canCreate ? (
            <>
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create workspace
              </Button>
              <DemoButton />
            </>
          ) : undefined
        }
      >
        {canCreate
          ? 'Create the first workspace to add clusters to it, or look around a demo fleet first: a workspace with the documentation\'s static-cluster template, a catalog of hosts and five simulated clusters.'
          : 'Ask an administrator to add you to a workspace.'}
      </Empty>
    );
  else
    body = (
      <Table aria-label="Workspaces" variant="compact">
        <Thead>
          <Tr>
            <Th width={40}>Name</Th>
            <Th width={30}>Slug</Th>
            <Th>Created</Th>
          </Tr>
        </Thead>
        <Tbody>
          {workspaces.map((w) => (
            <Tr key={w.id}>
              <Td dataLabel="Name">
                <Link to={`/workspaces/${w.slug}/clusters`}>{w.name}</Link>
              </Td>
              <Td dataLabel="Slug">
                <code>{w.slug}</code>
              </Td>
              <Td dataLabel="Created">
                <Ago at={w.created_at} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Workspaces</Title>
        <Content component="p" className="commander-subtitle">
          Each workspace holds its own clusters, templates, inventory and registries.
        </Content>
      </PageSection>
      <PageSection>
        {workspaces && workspaces.length > 0 && canCreate ? (
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <Button variant="primary" icon={<PlusCircleIcon />} onClick={() => setCreating(true)}>
                  Create workspace
                </Button>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        ) : null}
        {body}
      </PageSection>
      {creating ? <CreateWorkspaceModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}
