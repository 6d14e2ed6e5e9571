import React, { useState } from 'react';
import {
  Alert,
  Button,
  Content,
  Flex,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Radio,
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
import { deleteRegistry, fetchRegistries, registryDraft, saveRegistry, type RegistryDraft } from '../api/inventory';
import type { Registry } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { ConfirmModal, FieldHelp, FormModal, GuardedButton, useSubmit } from '../components/Dialogs';
import { fieldErrors } from '../components/fieldErrors';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';

function RegistryModal({ workspaceId, registry, onSaved, onClose }: { workspaceId: string; registry?: Registry; onSaved: () => void; onClose: () => void }) {
  const [d, setD] = useState<RegistryDraft>(() => registryDraft(registry));
  const { busy, error, run } = useSubmit();
  const fields = fieldErrors(error);
  const known = ['name', 'images_repo', 'scheme', 'dev_branch', 'ca_certificate', 'auth'];
  const general = error && !known.some((k) => fields[k]) ? errorMessage(error) : null;
  const submit = (event: React.FormEvent) => run(async () => {
    await saveRegistry(workspaceId, d, registry);
    onSaved();
    onClose();
  }, event);
  const authIncomplete = d.auth === 'set' && (!d.username || !d.password);
  return (
    <FormModal id="registry-form" variant="medium" title={registry ? `Edit registry ${registry.name}` : 'Add a registry'} description="Where clusters get Deckhouse images and the installer from."
      busy={busy} submit={registry ? 'Save registry' : 'Add registry'} canSubmit={!!d.name.trim() && !!d.imagesRepo.trim() && !authIncomplete} onClose={onClose}>
        <Form id="registry-form" onSubmit={(e) => void submit(e)}>
          {general ? <Alert variant="danger" isInline title={general} /> : null}
          <FormGroup label="Name" fieldId="registry-name" isRequired>
            <TextInput id="registry-name" value={d.name} onChange={(_e, v) => setD({ ...d, name: v })} isRequired autoFocus validated={fields.name ? 'error' : 'default'} />
            <FieldHelp error={fields.name} />
          </FormGroup>
          <FormGroup label="Images repository" fieldId="registry-repo" isRequired>
            <TextInput id="registry-repo" value={d.imagesRepo} placeholder="registry.deckhouse.io/deckhouse/ee" onChange={(_e, v) => setD({ ...d, imagesRepo: v })} isRequired validated={fields.images_repo ? 'error' : 'default'} />
            <FieldHelp error={fields.images_repo} hint="Where DKP images and dhctl live, without the scheme." />
          </FormGroup>
          <Flex>
            <FormGroup label="Scheme" fieldId="registry-scheme">
              <FormSelect id="registry-scheme" value={d.scheme} onChange={(_e, v) => setD({ ...d, scheme: v as RegistryDraft['scheme'] })} className="commander-narrow-select">
                <FormSelectOption value="https" label="https" />
                <FormSelectOption value="http" label="http" />
              </FormSelect>
            </FormGroup>
            <FormGroup label="Development branch" fieldId="registry-branch">
              <TextInput id="registry-branch" value={d.devBranch} onChange={(_e, v) => setD({ ...d, devBranch: v })} validated={fields.dev_branch ? 'error' : 'default'} />
              <FieldHelp error={fields.dev_branch} hint="Empty for releases." />
            </FormGroup>
          </Flex>
          <FormGroup label="CA certificate" fieldId="registry-ca">
            <TextArea id="registry-ca" value={d.caCertificate} onChange={(_e, v) => setD({ ...d, caCertificate: v })} rows={3} className="commander-mono" placeholder="-----BEGIN CERTIFICATE-----" validated={fields.ca_certificate ? 'error' : 'default'} />
            <FieldHelp error={fields.ca_certificate} hint="PEM, for a registry with a private CA." />
          </FormGroup>
          <FormGroup label="Credentials" role="radiogroup" fieldId="registry-auth" isStack>
            {registry?.has_auth ? <Radio id="auth-keep" name="auth" label="Keep the stored credentials" isChecked={d.auth === 'keep'} onChange={() => setD({ ...d, auth: 'keep' })} /> : null}
            <Radio id="auth-none" name="auth" label={registry?.has_auth ? 'Remove the credentials (anonymous pulls)' : 'None (anonymous pulls)'} isChecked={d.auth === 'none'} onChange={() => setD({ ...d, auth: 'none' })} />
            <Radio id="auth-set" name="auth" label={registry?.has_auth ? 'Replace with a user and password' : 'A user and password'} isChecked={d.auth === 'set'} onChange={() => setD({ ...d, auth: 'set' })} />
            {d.auth === 'set' ? (
              <Flex>
                <FormGroup label="Registry user" fieldId="registry-user" isRequired>
                  <TextInput id="registry-user" value={d.username} onChange={(_e, v) => setD({ ...d, username: v })} autoComplete="off" />
                </FormGroup>
                <FormGroup label="Registry password" fieldId="registry-password" isRequired>
                  <TextInput id="registry-password" type="password" value={d.password} onChange={(_e, v) => setD({ ...d, password: v })} autoComplete="new-password" />
                </FormGroup>
              </Flex>
            ) : null}
            <FieldHelp error={fields.auth} hint="Stored encrypted; never shown again, not even to admins." />
          </FormGroup>
        </Form>
    </FormModal>
  );
}

/** /workspaces/{slug}/registries. */
export function RegistriesPage() {
  const workspace = useWorkspace();
  const access = useAccess();
  const registries = useResource((signal) => fetchRegistries(workspace.id, signal), workspace.id);
  const [editing, setEditing] = useState<Registry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Registry | null>(null);
  const reason = deniedReason(access, 'write');

  let body: React.ReactNode;
  if (registries.data === undefined && registries.error) body = <ErrorState title="Registries could not be read" message={registries.error} onRetry={() => registries.reload()} />;
  else if (registries.data === undefined) body = <Loading what="registries" />;
  else if (registries.data.length === 0)
    body = (
      <Empty title="No registries yet" actions={access.canWrite ? <Button variant="primary" onClick={() => setEditing('new')}>Add registry</Button> : undefined}>
        Clusters of {workspace.name} pull Deckhouse from a registry: add the one you use, with its credentials.
      </Empty>
    );
  else
    body = (
      <Table aria-label="Registries" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Name</Th>
            <Th modifier="nowrap">Images repository</Th>
            <Th modifier="nowrap">Branch</Th>
            <Th modifier="nowrap">Credentials</Th>
            <Th modifier="nowrap">CA</Th>
            <Th modifier="nowrap">Updated</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {registries.data.map((r) => (
            <Tr key={r.id} data-registry={r.name}>
              <Td dataLabel="Name">{r.name}</Td>
              <Td dataLabel="Images repository" modifier="breakWord">
                <code>
                  {r.scheme}://{r.images_repo}
                </code>
              </Td>
              <Td dataLabel="Branch">{r.dev_branch ?? <span className="commander-muted">release</span>}</Td>
              <Td dataLabel="Credentials">{r.has_auth ? <Label isCompact color="green">stored</Label> : <span className="commander-muted">anonymous</span>}</Td>
              <Td dataLabel="CA">{r.ca_certificate ? 'private' : <span className="commander-muted">public</span>}</Td>
              <Td dataLabel="Updated">
                <Ago at={r.updated_at} />
              </Td>
              <Td dataLabel="Actions" isActionCell>
                {access.canWrite ? (
                  <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
                    <Button variant="secondary" size="sm" onClick={() => setEditing(r)} aria-label={`Edit registry ${r.name}`}>
                      Edit
                    </Button>
                    <Button variant="link" size="sm" isDanger onClick={() => setDeleting(r)} aria-label={`Delete registry ${r.name}`}>
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
        <Title headingLevel="h1">Registries</Title>
        <Content component="p" className="commander-subtitle">
          Container registries of {workspace.name}{access.canWrite ? '' : ' · read-only for your role'}
        </Content>
      </PageSection>
      <PageSection>
        {registries.data && registries.data.length > 0 ? (
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <GuardedButton allowed={access.canWrite} reason={reason} variant="primary" icon={<PlusCircleIcon />} onClick={() => setEditing('new')}>
                  Add registry
                </GuardedButton>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        ) : null}
        {registries.data !== undefined && registries.error ? <Alert variant="warning" isInline isPlain title={registries.error} /> : null}
        {body}
      </PageSection>
      {editing ? <RegistryModal workspaceId={workspace.id} registry={editing === 'new' ? undefined : editing} onSaved={() => registries.reload(true)} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <ConfirmModal
          title={`Delete registry ${deleting.name}?`}
          confirm="Delete registry"
          onConfirm={async () => {
            await deleteRegistry(deleting.id);
            registries.reload(true);
          }}
          onClose={() => setDeleting(null)}
        >
          A registry that clusters use is archived instead, and they keep pulling from it.
        </ConfirmModal>
      ) : null}
    </>
  );
}
