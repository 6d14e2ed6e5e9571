import React, { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import { errorMessage } from '../api/client';
import { createToken, fetchTokens, revokeToken, sortTokens, tokenState, type TokenRequest } from '../api/access';
import type { AuthToken } from '../api/types';
import { useResource } from '../app/hooks';
import { fieldErrors } from './fieldErrors';
import { ConfirmModal, GuardedButton, SecretOnce } from './Dialogs';
import { Empty, ErrorState, Loading } from './States';
import { Ago } from './Time';

function CreateTokenModal({ workspaceId, onCreated, onClose }: { workspaceId: string | null; onCreated: () => void; onClose: () => void }) {
  const [form, setForm] = useState<TokenRequest>({ name: '', readOnly: false, expires: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<(AuthToken & { token: string }) | null>(null);
  const fields = fieldErrors(error);

  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await createToken(workspaceId, form));
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="create-token-title">
      <ModalHeader
        title={created ? `Token ${created.name} created` : 'Create an API token'}
        labelId="create-token-title"
        description={workspaceId ? 'A workspace token reaches everything inside this workspace, and nothing else.' : 'A global token reaches workspaces, users and role bindings, not the objects inside workspaces.'}
      />
      <ModalBody>
        {created ? (
          <SecretOnce label="token" value={created.token}>
            <Content component="p">
              Send it in the <code>X-Auth-Token</code> header. Commander keeps only a hash of it.
            </Content>
          </SecretOnce>
        ) : (
          <Form id="create-token" onSubmit={submit}>
            {error && Object.keys(fields).length === 0 ? <Alert variant="danger" isInline title={errorMessage(error)} /> : null}
            <FormGroup label="Token name" fieldId="token-name" isRequired>
              <TextInput id="token-name" value={form.name} onChange={(_e, v) => setForm({ ...form, name: v })} isRequired autoFocus validated={fields.name ? 'error' : 'default'} />
              <FormHelperText>
                <HelperText>
                  {fields.name ? <HelperTextItem variant="error">{fields.name}</HelperTextItem> : <HelperTextItem>Say who or what uses it, e.g. "ci-pipeline".</HelperTextItem>}
                </HelperText>
              </FormHelperText>
            </FormGroup>
            <FormGroup label="Expires" fieldId="token-expires">
              <TextInput id="token-expires" type="date" value={form.expires} onChange={(_e, v) => setForm({ ...form, expires: v })} validated={fields.expires_at ? 'error' : 'default'} />
              <FormHelperText>
                <HelperText>
                  {fields.expires_at ? <HelperTextItem variant="error">{fields.expires_at}</HelperTextItem> : <HelperTextItem>At the end of this day; empty: never.</HelperTextItem>}
                </HelperText>
              </FormHelperText>
            </FormGroup>
            <Checkbox id="token-read-only" label="Read-only" description="Can read, never change anything." isChecked={form.readOnly} onChange={(_e, v) => setForm({ ...form, readOnly: v })} />
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
            <Button type="submit" form="create-token" variant="primary" isLoading={busy} isDisabled={busy || !form.name.trim()}>
              Create token
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

function StateLabel({ token }: { token: AuthToken }) {
  const state = tokenState(token);
  if (state === 'revoked') return <Label color="grey" isCompact>Revoked</Label>;
  if (state === 'expired') return <Label color="orange" isCompact>Expired</Label>;
  return <Label color="green" isCompact>Active</Label>;
}

/** A workspace's API tokens (workspaceId) or the global ones (null): list, create (secret shown once), revoke. */
export function TokensPanel({ workspaceId, canAdmin, deniedReason }: { workspaceId: string | null; canAdmin: boolean; deniedReason: string }) {
  const tokens = useResource((signal) => fetchTokens(workspaceId, signal), `${workspaceId}|${canAdmin}`);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<AuthToken | null>(null);

  if (!canAdmin) {
    return (
      <Empty title="Tokens are managed by admins">
        {deniedReason} Ask an admin of this workspace for a token, or sign in as one.
      </Empty>
    );
  }

  let body: React.ReactNode;
  if (tokens.data === undefined && tokens.error) body = <ErrorState title="Tokens could not be read" message={tokens.error} onRetry={() => tokens.reload()} />;
  else if (tokens.data === undefined) body = <Loading what="tokens" />;
  else if (tokens.data.length === 0)
    body = (
      <Empty title="No API tokens yet" actions={<Button variant="primary" onClick={() => setCreating(true)}>Create token</Button>}>
        Scripts and pipelines reach Commander's API with a token instead of a password.
      </Empty>
    );
  else
    body = (
      <Table aria-label="API tokens" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Name</Th>
            <Th modifier="nowrap">State</Th>
            <Th modifier="nowrap">Access</Th>
            <Th modifier="nowrap">Starts with</Th>
            <Th modifier="nowrap">Created</Th>
            <Th modifier="nowrap">Last used</Th>
            <Th modifier="nowrap">Expires</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {sortTokens(tokens.data).map((t) => (
            <Tr key={t.id} data-token={t.name}>
              <Td dataLabel="Name">{t.name}</Td>
              <Td dataLabel="State">
                <StateLabel token={t} />
              </Td>
              <Td dataLabel="Access">{t.read_only ? 'Read-only' : 'Full'}</Td>
              <Td dataLabel="Starts with">
                <code>{t.token_prefix}…</code>
              </Td>
              <Td dataLabel="Created">
                <Ago at={t.created_at} />
              </Td>
              <Td dataLabel="Last used">{t.last_used_at ? <Ago at={t.last_used_at} /> : <span className="commander-muted">never</span>}</Td>
              <Td dataLabel="Expires">{t.expires_at ? new Date(t.expires_at).toLocaleDateString() : <span className="commander-muted">never</span>}</Td>
              <Td dataLabel="Actions" isActionCell>
                {tokenState(t) === 'revoked' ? null : (
                  <Button variant="secondary" isDanger size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );

  return (
    <>
      {tokens.data && tokens.data.length > 0 ? (
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <GuardedButton allowed={canAdmin} reason={deniedReason} variant="primary" icon={<PlusCircleIcon />} onClick={() => setCreating(true)}>
                Create token
              </GuardedButton>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      ) : null}
      {tokens.data !== undefined && tokens.error ? <Alert variant="warning" isInline isPlain title={tokens.error} /> : null}
      {body}
      {creating ? <CreateTokenModal workspaceId={workspaceId} onCreated={() => tokens.reload(true)} onClose={() => setCreating(false)} /> : null}
      {revoking ? (
        <ConfirmModal
          title={`Revoke ${revoking.name}?`}
          confirm="Revoke token"
          onConfirm={async () => {
            await revokeToken(revoking.id);
            tokens.reload(true);
          }}
          onClose={() => setRevoking(null)}
        >
          Requests with this token are refused from now on. This cannot be undone.
        </ConfirmModal>
      ) : null}
    </>
  );
}
