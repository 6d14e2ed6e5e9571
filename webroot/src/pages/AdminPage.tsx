import React, { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Checkbox,
  Content,
  Flex,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  SearchInput,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { errorMessage } from '../api/client';
import { fetchUsers } from '../api/access';
import { archiveUser, createUser, deleteWorkspace, fetchAllWorkspaces, matchUser, renameWorkspace, updateUser, type UserDraft } from '../api/admin';
import type { User, Workspace } from '../api/types';
import { useResource } from '../app/hooks';
import { useSession } from '../app/session';
import { AuditLog } from '../components/AuditLog';
import { ConfirmModal, SecretOnce } from '../components/Dialogs';
import { fieldErrors } from '../components/fieldErrors';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { TokensPanel } from '../components/TokensPanel';

function CreateUserModal({ onCreated, onClose }: { onCreated: () => void; onClose: () => void }) {
  const [d, setD] = useState<UserDraft>({ email: '', name: '', admin: false, password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<(User & { password?: string }) | null>(null);
  const fields = fieldErrors(error);
  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await createUser(d));
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const help = (key: string, hint?: string) =>
    fields[key] || hint ? (
      <FormHelperText>
        <HelperText>{fields[key] ? <HelperTextItem variant="error">{fields[key]}</HelperTextItem> : <HelperTextItem>{hint}</HelperTextItem>}</HelperText>
      </FormHelperText>
    ) : null;
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="create-user-title">
      <ModalHeader title={created ? `${created.email} can sign in` : 'Create a user'} labelId="create-user-title" />
      <ModalBody>
        {created ? (
          created.password ? (
            <SecretOnce label="password" value={created.password}>
              <Content component="p">Give it to {created.name || created.email} through a safe channel; they can change it after signing in.</Content>
            </SecretOnce>
          ) : (
            <Content component="p">They sign in with the password you chose. Add them to workspaces under each workspace's settings.</Content>
          )
        ) : (
          <Form id="create-user" onSubmit={submit}>
            {error && !fields.email && !fields.name && !fields.password ? <Alert variant="danger" isInline title={errorMessage(error)} /> : null}
            <FormGroup label="User email" fieldId="user-email" isRequired>
              <TextInput id="user-email" type="email" value={d.email} onChange={(_e, v) => setD({ ...d, email: v })} isRequired autoFocus validated={fields.email ? 'error' : 'default'} />
              {help('email')}
            </FormGroup>
            <FormGroup label="Full name" fieldId="user-name">
              <TextInput id="user-name" value={d.name} onChange={(_e, v) => setD({ ...d, name: v })} validated={fields.name ? 'error' : 'default'} />
              {help('name')}
            </FormGroup>
            <FormGroup label="Initial password" fieldId="user-password">
              <TextInput id="user-password" type="password" value={d.password} onChange={(_e, v) => setD({ ...d, password: v })} autoComplete="new-password" validated={fields.password ? 'error' : 'default'} />
              {help('password', 'At least 12 characters; empty: Commander generates one and shows it once.')}
            </FormGroup>
            <Checkbox id="user-admin" label="Administrator of Commander" description="Reaches every workspace, manages users and global tokens." isChecked={d.admin} onChange={(_e, v) => setD({ ...d, admin: v })} />
          </Form>
        )}
      </ModalBody>
      <ModalFooter>
        {created ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button type="submit" form="create-user" variant="primary" isLoading={busy} isDisabled={busy || !d.email.trim()}>
              Create user
            </Button>
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
          </>
        )}
      </ModalFooter>
    </Modal>
  );
}

function UsersPanel() {
  const { me } = useSession();
  const users = useResource((signal) => fetchUsers(signal), 'admin-users');
  const [creating, setCreating] = useState(false);
  const [archiving, setArchiving] = useState<User | null>(null);
  const [filter, setFilter] = useState('');
  const [rowError, setRowError] = useState<string | null>(null);
  const change = (u: User, changes: Parameters<typeof updateUser>[1]) => {
    setRowError(null);
    updateUser(u.id, changes)
      .then(() => users.reload(true))
      .catch((e) => setRowError(`${u.email}: ${errorMessage(e)}`));
  };

  let body: React.ReactNode;
  if (users.data === undefined && users.error) body = <ErrorState title="Users could not be read" message={users.error} onRetry={() => users.reload()} />;
  else if (users.data === undefined) body = <Loading what="users" />;
  else {
    const shown = users.data.filter((u) => matchUser(u, filter)).sort((a, b) => a.email.localeCompare(b.email));
    body =
      shown.length === 0 ? (
        <Empty title="No users match">Nobody's name or email contains “{filter}”.</Empty>
      ) : (
        <Table aria-label="Users" variant="compact">
          <Thead>
            <Tr>
              <Th modifier="nowrap">Email</Th>
              <Th modifier="nowrap">Name</Th>
              <Th modifier="nowrap">Global role</Th>
              <Th modifier="nowrap">State</Th>
              <Th modifier="nowrap">Last sign-in</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((u) => {
              const self = u.id === me?.id;
              return (
                <Tr key={u.id} data-user={u.email}>
                  <Td dataLabel="Email">
                    {u.email} {self ? <Label isCompact color="blue">you</Label> : null}
                  </Td>
                  <Td dataLabel="Name">{u.name || <span className="commander-muted">—</span>}</Td>
                  <Td dataLabel="Global role">
                    <FormSelect aria-label={`Global role of ${u.email}`} value={u.global_role} isDisabled={self} className="commander-narrow-select" onChange={(_e, v) => change(u, { global_role: v as User['global_role'] })}>
                      <FormSelectOption value="user" label="User" />
                      <FormSelectOption value="admin" label="Administrator" />
                    </FormSelect>
                  </Td>
                  <Td dataLabel="State">{u.disabled ? <Label isCompact color="orange">disabled</Label> : <Label isCompact color="green">active</Label>}</Td>
                  <Td dataLabel="Last sign-in">{u.last_login_at ? <Ago at={u.last_login_at} /> : <span className="commander-muted">never</span>}</Td>
                  <Td dataLabel="Actions" isActionCell>
                    {self ? null : (
                      <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
                        <Button variant="secondary" size="sm" onClick={() => change(u, { disabled: !u.disabled })}>
                          {u.disabled ? 'Enable' : 'Disable'}
                        </Button>
                        <Button variant="link" size="sm" isDanger onClick={() => setArchiving(u)} aria-label={`Archive ${u.email}`}>
                          Archive
                        </Button>
                      </Flex>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      );
  }
  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="primary" icon={<PlusCircleIcon />} onClick={() => setCreating(true)}>
              Create user
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <SearchInput aria-label="Find users" placeholder="Name or email" value={filter} onChange={(_e, v) => setFilter(v)} onClear={() => setFilter('')} />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {rowError ? <Alert variant="danger" isInline title={rowError} className="pf-v6-u-mb-md" /> : null}
      {body}
      {creating ? <CreateUserModal onCreated={() => users.reload(true)} onClose={() => setCreating(false)} /> : null}
      {archiving ? (
        <ConfirmModal
          title={`Archive ${archiving.email}?`}
          confirm="Archive user"
          onConfirm={async () => {
            await archiveUser(archiving.id);
            users.reload(true);
          }}
          onClose={() => setArchiving(null)}
        >
          They can no longer sign in and lose their roles in every workspace. Their audit records stay.
        </ConfirmModal>
      ) : null}
    </>
  );
}

function WorkspacesPanel() {
  const { reloadWorkspaces } = useSession();
  const list = useResource((signal) => fetchAllWorkspaces(signal), 'admin-workspaces');
  const [renaming, setRenaming] = useState<Workspace | null>(null);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Workspace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    list.reload(true);
    void reloadWorkspaces().catch(() => undefined);
  };
  let body: React.ReactNode;
  if (list.data === undefined && list.error) body = <ErrorState title="Workspaces could not be read" message={list.error} onRetry={() => list.reload()} />;
  else if (list.data === undefined) body = <Loading what="workspaces" />;
  else if (list.data.length === 0) body = <Empty title="No workspaces yet">Create one from the Workspaces page.</Empty>;
  else
    body = (
      <Table aria-label="All workspaces" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Name</Th>
            <Th modifier="nowrap">Slug</Th>
            <Th modifier="nowrap">Created</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {list.data.map((w) => (
            <Tr key={w.id} data-workspace={w.slug}>
              <Td dataLabel="Name">
                <Link to={`/workspaces/${w.slug}/clusters`}>{w.name}</Link>
              </Td>
              <Td dataLabel="Slug">
                <code>{w.slug}</code>
              </Td>
              <Td dataLabel="Created">
                <Ago at={w.created_at} />
              </Td>
              <Td dataLabel="Actions" isActionCell>
                <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
                  <Button variant="secondary" size="sm" onClick={() => { setRenaming(w); setName(w.name); setError(null); }} aria-label={`Rename ${w.name}`}>
                    Rename
                  </Button>
                  <Button variant="link" size="sm" isDanger onClick={() => setDeleting(w)} aria-label={`Delete ${w.name}`}>
                    Delete
                  </Button>
                </Flex>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );
  return (
    <>
      {body}
      {renaming ? (
        <Modal isOpen onClose={() => setRenaming(null)} variant="small" aria-labelledby="rename-title">
          <ModalHeader title={`Rename ${renaming.name}`} labelId="rename-title" description="The slug, and so every address of the workspace, stays." />
          <ModalBody>
            {error ? <Alert variant="danger" isInline title={error} className="pf-v6-u-mb-md" /> : null}
            <FormGroup label="Name" fieldId="rename-name">
              <TextInput id="rename-name" value={name} onChange={(_e, v) => setName(v)} autoFocus />
            </FormGroup>
          </ModalBody>
          <ModalFooter>
            <Button
              variant="primary"
              isDisabled={!name.trim()}
              onClick={() =>
                renameWorkspace(renaming, name)
                  .then(() => {
                    setRenaming(null);
                    refresh();
                  })
                  .catch((e) => setError(errorMessage(e)))
              }
            >
              Rename
            </Button>
            <Button variant="link" onClick={() => setRenaming(null)}>
              Cancel
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
      {deleting ? (
        <ConfirmModal
          title={`Delete workspace ${deleting.name}?`}
          confirm="Delete workspace"
          onConfirm={async () => {
            await deleteWorkspace(deleting.id);
            refresh();
          }}
          onClose={() => setDeleting(null)}
        >
          Only an empty workspace can be deleted: the server refuses while it has clusters.
        </ConfirmModal>
      ) : null}
    </>
  );
}

const SECTIONS = ['users', 'workspaces', 'tokens', 'audit'] as const;

/** /admin/{users|workspaces|tokens|audit}: what administrators of Commander manage. */
export function AdminPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const rest = useParams()['*'] ?? '';
  const section = (SECTIONS as readonly string[]).includes(rest) ? rest : 'users';
  if (me?.global_role !== 'admin') {
    return (
      <PageSection>
        <Empty title="For administrators only">Administration of Commander (users, all workspaces, global tokens) needs the administrator role.</Empty>
      </PageSection>
    );
  }
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Administration</Title>
        <Content component="p" className="commander-subtitle">
          Users, every workspace, global API tokens and the whole audit log of Commander
        </Content>
      </PageSection>
      <PageSection>
        <Tabs activeKey={section} onSelect={(_e, key) => navigate(`/admin/${key}`)} aria-label="Administration sections" mountOnEnter unmountOnExit>
          <Tab eventKey="users" title={<TabTitleText>Users</TabTitleText>}>
            <UsersPanel />
          </Tab>
          <Tab eventKey="workspaces" title={<TabTitleText>Workspaces</TabTitleText>}>
            <WorkspacesPanel />
          </Tab>
          <Tab eventKey="tokens" title={<TabTitleText>Global tokens</TabTitleText>}>
            <TokensPanel workspaceId={null} canAdmin deniedReason="" />
          </Tab>
          <Tab eventKey="audit" title={<TabTitleText>Audit log</TabTitleText>}>
            <AuditLog workspaceId={null} />
          </Tab>
        </Tabs>
      </PageSection>
    </>
  );
}
