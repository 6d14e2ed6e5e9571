// The cluster page's configuration, revisions, change requests and settings tabs.

import { useEffect, useState } from 'react';
import {
  ActionGroup,
  Alert,
  AlertActionLink,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Label,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { ApiError, errorMessage, request, requestPage } from '../api/client';
import { fetchCatalogChoices, fetchTemplates, fetchVersion } from '../api/templates';
import type { Cluster, ClusterChangeRequest, ClusterRevision, RevisionDiff } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useClusterForm } from '../components/ClusterForm';
import { DiffView } from '../components/DiffView';
import { MergeDiffLazy, MergeLayoutToggle, type MergeLayout } from '../components/MergeLayout';
import { ParamsForm } from '../components/ParamsForm';
import { RenderPreview, sectionTitle } from '../components/RenderPreview';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { valueChanges } from '../forms/diff';

function patchCluster(cluster: { id: string }, revision: number, body: Record<string, unknown>): Promise<Cluster> {
  return request<Cluster>(`/clusters/${cluster.id}`, { method: 'PATCH', body, headers: { 'If-Match': String(revision) } });
}

/** What a failed save says: a stale revision gets its own words and a way out. */
function SaveFailure({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (error instanceof ApiError && error.code === 'stale_revision') {
    return (
      <Alert
        variant="danger"
        isInline
        title="Someone changed this cluster since you opened the form"
        actionLinks={<AlertActionLink onClick={onReload}>Discard my edits and load the current values</AlertActionLink>}
      >
        Nothing was saved: {error.message}.
      </Alert>
    );
  }
  return <Alert variant="danger" isInline title={`Not saved: ${errorMessage(error)}`} />;
}

// ---- configuration

export function ConfigurationTab({ cluster, onSaved }: { cluster: Cluster; onSaved: () => void }) {
  const workspace = useWorkspace();
  // The values and revision the form started from: live refreshes of the cluster do not overwrite edits.
  const [snapshot, setSnapshot] = useState({ values: cluster.values, revision: cluster.current_revision, versionId: cluster.cluster_template_version_id ?? '' });
  const [versionId, setVersionId] = useState(snapshot.versionId);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<Cluster | null>(null);
  const templateId = cluster.cluster_template_id;
  const templates = useResource((signal) => fetchTemplates(workspace.id, signal), workspace.id);
  const catalogs = useResource((signal) => fetchCatalogChoices(workspace.id, signal), workspace.id);
  const version = useResource((signal) => (templateId && versionId ? fetchVersion(templateId, versionId, signal) : Promise.resolve(undefined)), `${templateId}|${versionId}`);
  const form = useClusterForm(templateId, version.data, catalogs.data, snapshot.values, cluster.id);
  const template = templates.data?.find((t) => t.id === templateId);
  const versions = (template?.cluster_template_versions ?? []).filter((v) => v.available || v.id === snapshot.versionId).sort((a, b) => b.number - a.number);
  const reload = () => {
    setSnapshot({ values: cluster.values, revision: cluster.current_revision, versionId: cluster.cluster_template_version_id ?? '' });
    setVersionId(cluster.cluster_template_version_id ?? '');
    setFailure(null);
  };

  if (!templateId) return <Empty title="No template">This cluster was attached: it has no template, so no input form.</Empty>;

  const save = async () => {
    form.touchAll();
    if (form.blocked) return;
    setSaving(true);
    setFailure(null);
    setSaved(null);
    try {
      const body: Record<string, unknown> = { values: form.values };
      if (versionId !== snapshot.versionId) body.cluster_template_version_id = versionId;
      const updated = await patchCluster(cluster, snapshot.revision, body);
      setSaved(updated);
      setSnapshot({ values: updated.values, revision: updated.current_revision, versionId: updated.cluster_template_version_id ?? '' });
      onSaved();
    } catch (e) {
      setFailure(e);
      form.saveFailed(e);
    } finally {
      setSaving(false);
    }
  };

  const changed = form.dirty || versionId !== snapshot.versionId;
  return (
    <Grid hasGutter>
      <GridItem span={12} xl2={7}>
        <Form
          aria-label="Configuration"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {cluster.current_revision !== snapshot.revision && !failure ? (
            <Alert variant="info" isInline isPlain title={`The cluster is now at revision ${cluster.current_revision} (this form shows revision ${snapshot.revision})`} actionLinks={<AlertActionLink onClick={reload}>Load the current values</AlertActionLink>} />
          ) : null}
          {saved ? (
            <Alert variant="success" isInline isPlain title={`Saved as revision ${saved.current_revision}${saved.sync_mode === 'manual' ? ': it waits to be applied (manual sync)' : saved.status === 'configuration_error' ? ', with a configuration error' : ': a change task applies it'}`} />
          ) : null}
          <Card isCompact>
            <CardTitle>Template</CardTitle>
            <CardBody>
              <Grid hasGutter>
                <GridItem span={12} md={8}>
                  <FormGroup label="Template" fieldId="cfg-template">
                    <TextInput id="cfg-template" value={template?.name ?? '…'} readOnlyVariant="default" />
                  </FormGroup>
                </GridItem>
                <GridItem span={12} md={4}>
                  <FormGroup label="Version" fieldId="cfg-version">
                    <FormSelect id="cfg-version" value={versionId} onChange={(_e, v) => setVersionId(v)}>
                      {versions.map((v) => (
                        <FormSelectOption key={v.id} value={v.id} label={`v${v.number}${v.id === snapshot.versionId ? ' (in use)' : ''}${v.available ? '' : ' (withdrawn)'}`} />
                      ))}
                    </FormSelect>
                  </FormGroup>
                </GridItem>
              </Grid>
            </CardBody>
          </Card>
          <Card isCompact>
            <CardTitle>Parameters</CardTitle>
            <CardBody>
              {version.error ? (
                <Alert variant="danger" isInline isPlain title={`The template version could not be read: ${version.error}`} />
              ) : version.data === undefined ? (
                <Loading what="the form" />
              ) : (
                <ParamsForm items={form.items} state={form.state} onChange={form.setState} errors={form.errors} catalogs={catalogs.data} mode="edit" original={snapshot.values} clusterId={cluster.id} />
              )}
            </CardBody>
          </Card>
          {failure ? <SaveFailure error={failure} onReload={reload} /> : null}
          <ActionGroup>
            <Button type="submit" isDisabled={!changed || saving} isLoading={saving}>
              Save changes
            </Button>
            <Button variant="link" isDisabled={!changed || saving} onClick={reload}>
              Discard
            </Button>
          </ActionGroup>
        </Form>
      </GridItem>
      <GridItem span={12} xl2={5}>
        <div className="commander-sticky">
          <RenderPreview preview={form.preview} otherErrors={form.otherErrors} title={changed ? 'Rendered with your changes' : 'Rendered configuration'} />
        </div>
      </GridItem>
    </Grid>
  );
}

// ---- revisions

export function RevisionsTab({ cluster }: { cluster: Cluster }) {
  const revisions = useResource(async (signal) => (await requestPage<ClusterRevision>(`/clusters/${cluster.id}/revisions`, { query: { limit: 100 }, signal })).items, `${cluster.id}|${cluster.current_revision}`);
  const [selected, setSelected] = useState<number | null>(null);
  const [against, setAgainst] = useState<number | null>(null);
  const [layout, setLayout] = useState<MergeLayout>('split');
  const list = revisions.data;
  const rev = selected ?? list?.[0]?.revision ?? null;
  const base = against ?? (rev !== null && rev > 1 ? rev - 1 : null);
  const diff = useResource<RevisionDiff | null>(
    (signal) => (rev !== null && base !== null ? request<RevisionDiff>(`/clusters/${cluster.id}/revisions/${rev}/diff`, { query: { against: base }, signal }) : Promise.resolve(null)),
    `${cluster.id}|${rev}|${base}`,
  );
  if (list === undefined) return revisions.error ? <ErrorState title="Revisions could not be read" message={revisions.error} onRetry={() => revisions.reload()} /> : <Loading what="revisions" />;
  if (list.length === 0) return <Empty title="No revisions yet">Every saved change of the cluster's inputs makes a revision.</Empty>;
  const a = list.find((r) => r.revision === base);
  const b = list.find((r) => r.revision === rev);
  const changes = a && b ? valueChanges(a.values, b.values) : [];
  const sections = Object.entries(diff.data?.sections ?? {});

  return (
    <Grid hasGutter>
      <GridItem span={12} xl={4}>
        <Table aria-label="Revisions" variant="compact">
          <Thead>
            <Tr>
              <Th>Revision</Th>
              <Th>Saved</Th>
            </Tr>
          </Thead>
          <Tbody>
            {list.map((r) => (
              <Tr
                key={r.revision}
                isClickable
                isRowSelected={r.revision === rev}
                onRowClick={() => {
                  setSelected(r.revision);
                  setAgainst(null);
                }}
              >
                <Td dataLabel="Revision">
                  <Button
                    variant="link"
                    isInline
                    onClick={() => {
                      setSelected(r.revision);
                      setAgainst(null);
                    }}
                  >
                    {r.revision}
                  </Button>{' '}
                  {r.revision === cluster.applied_revision ? (
                    <Label isCompact color="green">
                      applied
                    </Label>
                  ) : r.revision === cluster.current_revision ? (
                    <Label isCompact color="blue">
                      current
                    </Label>
                  ) : null}
                </Td>
                <Td dataLabel="Saved">
                  <div className="commander-cell-stack">
                    <span className="commander-nowrap">
                      <Ago at={r.created_at} />
                    </span>
                    <span className="commander-muted">{r.created_by ? `by ${r.created_by}` : ''}</span>
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </GridItem>
      <GridItem span={12} xl={8}>
        <Card isCompact>
          <CardTitle>
            <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
              <FlexItem>Revision {rev} compared with</FlexItem>
              <FlexItem>
                <FormSelect aria-label="Compared with" value={base === null ? '' : String(base)} onChange={(_e, v) => setAgainst(v ? Number(v) : null)} className="commander-narrow-select">
                  {list
                    .filter((r) => r.revision !== rev)
                    .map((r) => (
                      <FormSelectOption key={r.revision} value={String(r.revision)} label={`revision ${r.revision}`} />
                    ))}
                  {base === null ? <FormSelectOption value="" label="nothing (the first revision)" /> : null}
                </FormSelect>
              </FlexItem>
            </Flex>
          </CardTitle>
          <CardBody>
            {base === null ? (
              <p className="commander-muted">Revision {rev} is the first: there is nothing before it to compare with.</p>
            ) : (
              <>
                <Title headingLevel="h3" size="md" className="pf-v6-u-mb-sm">
                  Input values
                </Title>
                {changes.length === 0 ? (
                  <p className="commander-muted pf-v6-u-mb-md">The same input values.</p>
                ) : (
                  <Table aria-label="Changed values" variant="compact" borders className="pf-v6-u-mb-md">
                    <Thead>
                      <Tr>
                        <Th>Parameter</Th>
                        <Th>Revision {base}</Th>
                        <Th>Revision {rev}</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {changes.map((c) => (
                        <Tr key={c.key}>
                          <Td dataLabel="Parameter">
                            <code>{c.key}</code>
                          </Td>
                          <Td dataLabel={`Revision ${base}`} className="commander-diff-old">
                            {c.before ?? <span className="commander-muted">not set</span>}
                          </Td>
                          <Td dataLabel={`Revision ${rev}`} className="commander-diff-new">
                            {c.after ?? <span className="commander-muted">not set</span>}
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                )}
                <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} className="pf-v6-u-mb-sm">
                  <Title headingLevel="h3" size="md">
                    Rendered documents
                  </Title>
                  {sections.length > 0 ? <MergeLayoutToggle value={layout} onChange={setLayout} /> : null}
                </Flex>
                {diff.error ? (
                  <Alert variant="danger" isInline isPlain title={`The diff could not be read: ${diff.error}`} />
                ) : diff.data === undefined ? (
                  <Loading what="the diff" />
                ) : sections.length === 0 ? (
                  <p className="commander-muted">The rendered documents are the same.</p>
                ) : (
                  sections.map(([name, text]) => (
                    <div key={name} className="pf-v6-u-mb-md">
                      <Title headingLevel="h4" size="md" className="commander-diff-title">
                        {sectionTitle(name)}
                      </Title>
                      {/* Both texts side by side where the revisions carry them; else the server's unified diff. */}
                      {a?.rendered?.[name] !== undefined || b?.rendered?.[name] !== undefined ? (
                        <MergeDiffLazy before={a?.rendered?.[name] ?? ''} after={b?.rendered?.[name] ?? ''} label={`Diff of ${sectionTitle(name)}`} layout={layout} />
                      ) : (
                        <DiffView diff={text} label={`Diff of ${sectionTitle(name)}`} />
                      )}
                    </div>
                  ))
                )}
              </>
            )}
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}

// ---- change requests

const REQUEST_STATUS: Record<ClusterChangeRequest['status'], { label: string; color: 'orange' | 'blue' | 'green' | 'grey' }> = {
  pending: { label: 'Waiting for approval', color: 'orange' },
  approved: { label: 'Approved', color: 'blue' },
  completed: { label: 'Applied', color: 'green' },
  superseded: { label: 'Superseded', color: 'grey' },
};

export function useChangeRequests(workspaceId: string, clusterId: string) {
  return useResource(
    async (signal) => (await requestPage<ClusterChangeRequest>('/cluster_change_requests', { query: { workspace_id: workspaceId, cluster_id: clusterId, limit: 50 }, signal })).items,
    clusterId,
  );
}

export function ChangeRequestsTab({ requests, error, onApproved }: { requests: ClusterChangeRequest[] | undefined; error: string | null; onApproved: () => void }) {
  const [confirm, setConfirm] = useState<ClusterChangeRequest | null>(null);
  const [approving, setApproving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (requests === undefined) return error ? <ErrorState title="Change requests could not be read" message={error} /> : <Loading what="change requests" />;
  if (requests.length === 0) {
    return <Empty title="No change requests">A change that would destroy something (a master node, a volume) waits here for a person's approval before it is applied.</Empty>;
  }
  const approve = async (r: ClusterChangeRequest) => {
    setApproving(true);
    setFailure(null);
    try {
      await request(`/cluster_change_requests/${r.id}/approve`, { method: 'POST', body: { change_set_sha256: r.change_set_sha256 } });
      setConfirm(null);
      onApproved();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setApproving(false);
    }
  };
  return (
    <>
      <Flex direction={{ default: 'column' }} gap={{ default: 'gapMd' }}>
        {requests.map((r) => {
          const status = REQUEST_STATUS[r.status];
          return (
            <Card key={r.id} isCompact data-change-request={r.status}>
              <CardTitle>
                <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
                  <FlexItem>Change to revision {r.revision}</FlexItem>
                  <FlexItem>
                    <Label color={status.color} isCompact>
                      {status.label}
                    </Label>
                  </FlexItem>
                  <FlexItem className="commander-muted">
                    planned <Ago at={r.created_at} />
                  </FlexItem>
                  {r.status === 'pending' ? (
                    <FlexItem align={{ default: 'alignRight' }}>
                      <Button variant="danger" onClick={() => setConfirm(r)}>
                        Approve
                      </Button>
                    </FlexItem>
                  ) : null}
                </Flex>
              </CardTitle>
              <CardBody>
                <Grid hasGutter>
                  <GridItem span={12} lg={6}>
                    <Title headingLevel="h4" size="md" className="commander-danger-text">
                      <ExclamationTriangleIcon /> Destructive changes ({r.destructive_changes.length})
                    </Title>
                    <List className="commander-change-list">
                      {r.destructive_changes.map((c, i) => (
                        <ListItem key={i}>{c}</ListItem>
                      ))}
                    </List>
                  </GridItem>
                  <GridItem span={12} lg={6}>
                    <Title headingLevel="h4" size="md">
                      Other changes ({r.changes.length})
                    </Title>
                    <List className="commander-change-list">
                      {r.changes.map((c, i) => (
                        <ListItem key={i}>{c}</ListItem>
                      ))}
                    </List>
                  </GridItem>
                </Grid>
                <DescriptionList isHorizontal isCompact className="pf-v6-u-mt-md" horizontalTermWidthModifier={{ default: '9rem' }}>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Change set</DescriptionListTerm>
                    <DescriptionListDescription>
                      <code title={r.change_set_sha256}>sha256 {r.change_set_sha256.slice(0, 16)}…</code>
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  {r.approved_by ? (
                    <DescriptionListGroup>
                      <DescriptionListTerm>Approved</DescriptionListTerm>
                      <DescriptionListDescription>
                        by {r.approved_by} <Ago at={r.approved_at} />
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                  ) : null}
                </DescriptionList>
              </CardBody>
            </Card>
          );
        })}
      </Flex>
      <Modal isOpen={confirm !== null} onClose={() => setConfirm(null)} variant="small" aria-labelledby="approve-title">
        <ModalHeader title={`Approve ${confirm?.destructive_changes.length ?? 0} destructive changes?`} titleIconVariant="warning" labelId="approve-title" />
        <ModalBody>
          <p>Applying revision {confirm?.revision} will:</p>
          <List>
            {confirm?.destructive_changes.map((c, i) => (
              <ListItem key={i}>{c}</ListItem>
            ))}
          </List>
          <p className="pf-v6-u-mt-sm commander-muted">Only this change set (sha256 {confirm?.change_set_sha256.slice(0, 16)}…) is approved; if the plan changes, it asks again.</p>
          {failure ? <Alert variant="danger" isInline isPlain title={failure} className="pf-v6-u-mt-sm" /> : null}
        </ModalBody>
        <ModalFooter>
          <Button variant="danger" isLoading={approving} isDisabled={approving} onClick={() => confirm && void approve(confirm)}>
            Approve and apply
          </Button>
          <Button variant="link" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
        </ModalFooter>
      </Modal>
    </>
  );
}

// ---- settings

export function SettingsTab({ cluster, onSaved }: { cluster: Cluster; onSaved: () => void }) {
  const [mode, setMode] = useState(cluster.sync_mode);
  const [minutes, setMinutes] = useState(String(Math.round(cluster.check_interval_seconds / 60)));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [savedAs, setSavedAs] = useState({ mode: cluster.sync_mode, seconds: cluster.check_interval_seconds });
  useEffect(() => setSaved(false), [mode, minutes]);
  // Settings changed elsewhere show up unless this form has edits of its own.
  useEffect(() => {
    if (mode === savedAs.mode && Number(minutes) * 60 === savedAs.seconds) {
      setMode(cluster.sync_mode);
      setMinutes(String(Math.round(cluster.check_interval_seconds / 60)));
    }
    setSavedAs({ mode: cluster.sync_mode, seconds: cluster.check_interval_seconds });
  }, [cluster.sync_mode, cluster.check_interval_seconds]); // eslint-disable-line react-hooks/exhaustive-deps
  const n = Number(minutes);
  const intervalError = !Number.isInteger(n) || n < 1 || n > 10080 ? 'A whole number of minutes from 1 to 10080 (a week)' : null;
  const changed = mode !== cluster.sync_mode || n * 60 !== cluster.check_interval_seconds;
  const waiting = cluster.desired_revision !== null && cluster.applied_revision !== cluster.desired_revision;

  const save = async () => {
    if (intervalError) return;
    setSaving(true);
    setFailure(null);
    try {
      await patchCluster(cluster, cluster.current_revision, { sync_mode: mode, check_interval_seconds: n * 60 });
      setSaved(true);
      onSaved();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };
  const apply = async () => {
    setApplying(true);
    setApplyError(null);
    try {
      await request(`/clusters/${cluster.id}/apply`, { method: 'POST' });
      onSaved();
    } catch (e) {
      setApplyError(errorMessage(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <Grid hasGutter>
      <GridItem span={12} xl={7}>
        <Card isCompact>
          <CardTitle>Synchronisation</CardTitle>
          <CardBody>
            <Form
              aria-label="Settings"
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <FormGroup label="Sync mode" role="radiogroup" fieldId="sync-auto" isStack>
                <Radio id="sync-auto" name="sync-mode" label="Automatic" description="A saved change is applied at once; destructive changes still wait for approval." isChecked={mode === 'auto'} onChange={() => setMode('auto')} />
                <Radio id="sync-manual" name="sync-mode" label="Manual" description="A saved change waits until someone applies it." isChecked={mode === 'manual'} onChange={() => setMode('manual')} />
              </FormGroup>
              <FormGroup label="Check interval (minutes)" fieldId="check-interval">
                <TextInput id="check-interval" type="number" value={minutes} onChange={(_e, v) => setMinutes(v)} validated={intervalError ? 'error' : 'default'} className="commander-narrow-input" />
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem variant={intervalError ? 'error' : 'default'}>{intervalError ?? 'How often Commander compares the cluster with its configuration to find drift.'}</HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
              {failure ? <SaveFailure error={failure} onReload={() => setFailure(null)} /> : null}
              {saved ? <Alert variant="success" isInline isPlain title="Settings saved" /> : null}
              <ActionGroup>
                <Button type="submit" isDisabled={!changed || saving || !!intervalError} isLoading={saving}>
                  Save settings
                </Button>
              </ActionGroup>
            </Form>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem span={12} xl={5}>
        <Card isCompact>
          <CardTitle>Apply</CardTitle>
          <CardBody>
            <p className="pf-v6-u-mb-sm">
              Revision {cluster.desired_revision ?? cluster.current_revision} is desired, {cluster.applied_revision === null ? 'none is applied yet' : `revision ${cluster.applied_revision} is applied`}.
            </p>
            {applyError ? <Alert variant="danger" isInline isPlain title={applyError} className="pf-v6-u-mb-sm" /> : null}
            <Button variant="secondary" isDisabled={!waiting || applying || cluster.is_locked} isLoading={applying} onClick={() => void apply()}>
              Apply revision {cluster.desired_revision ?? cluster.current_revision} now
            </Button>
            {!waiting ? (
              <p className="commander-muted pf-v6-u-mt-sm">Nothing waits to be applied.</p>
            ) : cluster.is_locked ? (
              <p className="commander-muted pf-v6-u-mt-sm">A task is working on the cluster: apply once it has finished.</p>
            ) : null}
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}

