import React, { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { errorMessage } from '../api/client';
import { addMember, candidates, changeRole, displayName, fetchBindings, fetchUsers, members, removeMember, ROLES, type Member, type RoleName } from '../api/access';
import type { User } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useSession } from '../app/session';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { ConfirmModal, FormModal, GuardedButton, useSubmit } from '../components/Dialogs';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { TokensPanel } from '../components/TokensPanel';

function AddMemberModal({ workspaceId, users, onAdded, onClose }: { workspaceId: string; users: User[]; onAdded: () => void; onClose: () => void }) {
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [role, setRole] = useState<RoleName>('viewer');
  const { busy, message, run } = useSubmit();
  const submit = (event: React.FormEvent) => run(async () => {
    await addMember(workspaceId, userId, role);
    onAdded();
    onClose();
  }, event);
  return (
    <FormModal id="add-member" title="Add a member" description="People sign in with their own account; an administrator creates accounts under Administration."
      error={message} busy={busy} submit="Add member" canSubmit={!!userId} onClose={onClose}>
        {users.length === 0 ? (
          <Content component="p">Every user of Commander is already a member of this workspace.</Content>
        ) : (
          <Form id="add-member" onSubmit={(e) => void submit(e)}>
            <FormGroup label="User" fieldId="member-user" isRequired>
              <FormSelect id="member-user" value={userId} onChange={(_e, v) => setUserId(v)}>
                {users.map((u) => (
                  <FormSelectOption key={u.id} value={u.id} label={u.name ? `${u.name} <${u.email}>` : u.email} />
                ))}
              </FormSelect>
            </FormGroup>
            <FormGroup label="Role" fieldId="member-role" isRequired>
              <FormSelect id="member-role" value={role} onChange={(_e, v) => setRole(v as RoleName)}>
                {ROLES.map((r) => (
                  <FormSelectOption key={r.value} value={r.value} label={`${r.label}: ${r.description}`} />
                ))}
              </FormSelect>
            </FormGroup>
          </Form>
        )}
    </FormModal>
  );
}

function RoleCell({ member, canAdmin, onChanged }: { member: Member; canAdmin: boolean; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = `Role of ${displayName(member.user, member.binding.user_id)}`;
  if (!canAdmin) return <Label isCompact>{ROLES.find((r) => r.value === member.binding.role)?.label ?? member.binding.role}</Label>;
  return (
    <div className="commander-cell-stack">
      <FormSelect
        aria-label={label}
        value={member.binding.role}
        isDisabled={busy}
        className="commander-role-select"
        onChange={(_e, v) => {
          setBusy(true);
          setError(null);
          changeRole(member.binding.id, v as RoleName)
            .then(onChanged)
            .catch((e) => setError(errorMessage(e)))
            .finally(() => setBusy(false));
        }}
      >
        {ROLES.map((r) => (
          <FormSelectOption key={r.value} value={r.value} label={r.label} />
        ))}
      </FormSelect>
      {error ? <span className="commander-danger-text">{error}</span> : null}
    </div>
  );
}

function MembersPanel() {
  const workspace = useWorkspace();
  const access = useAccess();
  const { me } = useSession();
  const data = useResource(async (signal) => {
    const [bindings, users] = await Promise.all([fetchBindings(workspace.id, signal), fetchUsers(signal)]);
    return { bindings, users };
  }, workspace.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const reason = deniedReason(access, 'admin');

  let body: React.ReactNode;
  if (data.data === undefined && data.error) body = <ErrorState title="Members could not be read" message={data.error} onRetry={() => data.reload()} />;
  else if (data.data === undefined) body = <Loading what="members" />;
  else if (data.data.bindings.length === 0)
    body = (
      <Empty title="No members yet" actions={access.canAdmin ? <Button variant="primary" onClick={() => setAdding(true)}>Add member</Button> : undefined}>
        Administrators of Commander reach every workspace; other people need a role here.
      </Empty>
    );
  else
    body = (
      <Table aria-label="Members" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Name</Th>
            <Th modifier="nowrap">Email</Th>
            <Th modifier="nowrap">Role</Th>
            <Th modifier="nowrap">Last sign-in</Th>
            <Th modifier="nowrap">Member since</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {members(data.data.bindings, data.data.users).map((m) => (
            <Tr key={m.binding.id} data-member={m.user?.email ?? m.binding.user_id}>
              <Td dataLabel="Name">
                {displayName(m.user, m.binding.user_id)} {m.user?.id === me?.id ? <Label isCompact color="blue">you</Label> : null}{' '}
                {m.user?.disabled ? <Label isCompact color="orange">disabled</Label> : null}
              </Td>
              <Td dataLabel="Email">{m.user?.email ?? '—'}</Td>
              <Td dataLabel="Role">
                <RoleCell member={m} canAdmin={access.canAdmin} onChanged={() => data.reload(true)} />
              </Td>
              <Td dataLabel="Last sign-in">{m.user?.last_login_at ? <Ago at={m.user.last_login_at} /> : <span className="commander-muted">never</span>}</Td>
              <Td dataLabel="Member since">
                <Ago at={m.binding.created_at} />
              </Td>
              <Td dataLabel="Actions" isActionCell>
                {access.canAdmin ? (
                  <Button variant="secondary" isDanger size="sm" onClick={() => setRemoving(m)} aria-label={`Remove ${displayName(m.user, m.binding.user_id)}`}>
                    Remove
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
      {data.data && data.data.bindings.length > 0 ? (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <GuardedButton allowed={access.canAdmin} reason={reason} variant="primary" icon={<PlusCircleIcon />} onClick={() => setAdding(true)}>
                Add member
              </GuardedButton>
            </ToolbarItem>
            <ToolbarItem alignSelf="center">
              <span className="commander-muted">{ROLES.map((r) => `${r.label}: ${r.description}`).join(' · ')}</span>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      ) : null}
      {data.data !== undefined && data.error ? <Alert variant="warning" isInline isPlain title={data.error} /> : null}
      {body}
      {adding && data.data ? (
        <AddMemberModal workspaceId={workspace.id} users={candidates(data.data.bindings, data.data.users)} onAdded={() => data.reload(true)} onClose={() => setAdding(false)} />
      ) : null}
      {removing ? (
        <ConfirmModal
          title={`Remove ${displayName(removing.user, removing.binding.user_id)}?`}
          confirm="Remove member"
          onConfirm={async () => {
            await removeMember(removing.binding.id);
            data.reload(true);
          }}
          onClose={() => setRemoving(null)}
        >
          They lose their access to <strong>{workspace.name}</strong> at their next request. Their audit records stay.
        </ConfirmModal>
      ) : null}
    </>
  );
}

/** /workspaces/{slug}/settings/{members|tokens}. */
export function SettingsPage() {
  const workspace = useWorkspace();
  const access = useAccess();
  const navigate = useNavigate();
  const section = useParams()['*'] === 'tokens' ? 'tokens' : 'members';
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Settings</Title>
        <Content component="p" className="commander-subtitle">
          Who has access to {workspace.name}, and the API tokens of the workspace · your role: {access.role ?? 'none'}
        </Content>
      </PageSection>
      <PageSection>
        <Tabs activeKey={section} onSelect={(_e, key) => navigate(`/workspaces/${workspace.slug}/settings/${key}`)} aria-label="Settings sections" mountOnEnter unmountOnExit>
          <Tab eventKey="members" title={<TabTitleText>Members and roles</TabTitleText>}>
            <MembersPanel />
          </Tab>
          <Tab eventKey="tokens" title={<TabTitleText>API tokens</TabTitleText>}>
            <TokensPanel workspaceId={workspace.id} canAdmin={access.canAdmin} deniedReason={deniedReason(access, 'admin')} />
          </Tab>
        </Tabs>
      </PageSection>
    </>
  );
}
