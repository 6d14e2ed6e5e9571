// Bulk actions on the clusters selected in the list: sync mode, template version, delete. One request
// (`POST /clusters/bulk`) acts on all of them, each cluster in its own transaction; the results dialog
// says, per cluster, what happened and why a cluster failed.
import { useState } from 'react';
import {
  Alert,
  Button,
  Dropdown,
  DropdownItem,
  DropdownList,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  MenuToggle,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
  ToolbarGroup,
  ToolbarItem,
  Tooltip,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { bulkClusters, type BulkAction, type BulkOutcome, type TemplateNames } from '../api/clusters';
import { errorMessage, problemMessage } from '../api/client';
import { deleteConfirmed, sharedTemplate, type Selection } from '../app/selection';
import { FormModal } from './Dialogs';

function plural(n: number): string {
  return `${n} ${n === 1 ? 'cluster' : 'clusters'}`;
}

/** The selection's toolbar: how many are selected, select page / none, and the actions. */
export function BulkToolbar({ workspaceId, selection, pageSize, onSelectPage, onSelectNone, templates, onDone }: {
  workspaceId: string;
  selection: Selection;
  pageSize: number;
  onSelectPage: () => void;
  onSelectNone: () => void;
  templates: TemplateNames | undefined;
  /** After an action, with its outcome (the list is read again, failed clusters stay selected). */
  onDone: (outcome: BulkOutcome) => void;
}) {
  const [syncOpen, setSyncOpen] = useState(false);
  const [dialog, setDialog] = useState<'move' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ what: string; result: BulkOutcome; names: Map<string, string> } | null>(null);
  const count = selection.size;
  const template = sharedTemplate(selection);

  const run = async (what: string, action: BulkAction) => {
    setBusy(true);
    setError(null);
    const names = new Map([...selection.values()].map((s) => [s.id, s.name]));
    try {
      const result = await bulkClusters(workspaceId, [...selection.keys()], action);
      setDialog(null);
      setOutcome({ what, result, names });
      onDone(result);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ToolbarGroup variant="action-group-plain" className="commander-bulk">
        <ToolbarItem>
          <strong aria-live="polite">{count} selected</strong>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="link" isInline onClick={onSelectPage} isDisabled={pageSize === 0}>
            Select page
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="link" isInline onClick={onSelectNone} isDisabled={count === 0}>
            Select none
          </Button>
        </ToolbarItem>
        {count > 0 ? (
          <>
            <ToolbarItem>
              <Dropdown
                isOpen={syncOpen}
                onOpenChange={setSyncOpen}
                onSelect={() => setSyncOpen(false)}
                toggle={(ref) => (
                  <MenuToggle ref={ref} onClick={() => setSyncOpen(!syncOpen)} isExpanded={syncOpen} isDisabled={busy}>
                    Set sync mode
                  </MenuToggle>
                )}
              >
                <DropdownList>
                  <DropdownItem onClick={() => void run('Sync mode set to auto', { action: 'set_sync_mode', sync_mode: 'auto' })}>Auto</DropdownItem>
                  <DropdownItem onClick={() => void run('Sync mode set to manual', { action: 'set_sync_mode', sync_mode: 'manual' })}>Manual</DropdownItem>
                </DropdownList>
              </Dropdown>
            </ToolbarItem>
            <ToolbarItem>
              {template ? (
                <Button variant="secondary" onClick={() => setDialog('move')} isDisabled={busy}>
                  Move to version
                </Button>
              ) : (
                <Tooltip content="The selected clusters are made from different templates: select clusters of one template to move them to another of its versions">
                  <Button variant="secondary" isAriaDisabled>
                    Move to version
                  </Button>
                </Tooltip>
              )}
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="danger" onClick={() => setDialog('delete')} isDisabled={busy}>
                Delete
              </Button>
            </ToolbarItem>
          </>
        ) : null}
      </ToolbarGroup>
      {error && !dialog ? <Alert variant="danger" isInline title={error} className="pf-v6-u-mb-md" actionClose={<Button variant="plain" onClick={() => setError(null)} aria-label="Close" />} /> : null}
      {dialog === 'move' && template ? (
        <MoveDialog count={count} versions={templates?.versions(template) ?? []} templateName={templates?.template(template) ?? 'the template'}
          busy={busy} error={error} onClose={() => { setDialog(null); setError(null); }}
          onMove={(id, number) => void run(`Moved to version ${number}`, { action: 'move_version', cluster_template_version_id: id })} />
      ) : null}
      {dialog === 'delete' ? (
        <DeleteDialog count={count} busy={busy} error={error} onClose={() => { setDialog(null); setError(null); }}
          onDelete={() => void run('Deleted', { action: 'delete' })} />
      ) : null}
      {outcome ? <BulkResults what={outcome.what} outcome={outcome.result} names={outcome.names} onClose={() => setOutcome(null)} /> : null}
    </>
  );
}

function MoveDialog({ count, versions, templateName, busy, error, onClose, onMove }: {
  count: number;
  versions: { id: string; number: number; available: boolean }[];
  templateName: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onMove: (versionId: string, number: number) => void;
}) {
  const choices = versions.filter((v) => v.available);
  const [chosen, setChosen] = useState(choices[0]?.id ?? '');
  const number = choices.find((v) => v.id === chosen)?.number;
  return (
    <FormModal id="bulk-move" title={`Move ${plural(count)} to another version`} error={error} busy={busy} submit={`Move ${plural(count)}`}
      canSubmit={number !== undefined} onClose={onClose}>
      <p className="pf-v6-u-mb-md">
        Each cluster gets a new revision on the chosen version of {templateName}. A cluster whose values do not fit that version is
        refused and keeps its own.
      </p>
      <Form id="bulk-move" onSubmit={(e) => { e.preventDefault(); if (number !== undefined && !busy) onMove(chosen, number); }}>
        <FormGroup label="Version" fieldId="bulk-version">
          <FormSelect id="bulk-version" value={chosen} onChange={(_e, v) => setChosen(v)}>
            {choices.map((v) => (
              <FormSelectOption key={v.id} value={v.id} label={`Version ${v.number}`} />
            ))}
          </FormSelect>
        </FormGroup>
      </Form>
    </FormModal>
  );
}

function DeleteDialog({ count, busy, error, onClose, onDelete }: {
  count: number;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onDelete: () => void;
}) {
  const [typed, setTyped] = useState('');
  const ok = deleteConfirmed(typed, count);
  return (
    <FormModal id="bulk-delete" title={`Delete ${plural(count)}?`} titleIconVariant="warning" error={error} busy={busy}
      submit={`Delete ${plural(count)}`} canSubmit={ok} danger onClose={onClose}>
      <p className="pf-v6-u-mb-md">
        Each cluster's infrastructure is torn down by a delete task, then the cluster is archived; one never created is archived at once.
        This cannot be undone.
      </p>
      <Form id="bulk-delete" onSubmit={(e) => { e.preventDefault(); if (ok && !busy) onDelete(); }}>
        <FormGroup label={`Type ${count} or "delete" to confirm`} fieldId="bulk-delete-confirm">
          <TextInput id="bulk-delete-confirm" value={typed} onChange={(_e, v) => setTyped(v)} autoComplete="off" />
        </FormGroup>
      </Form>
    </FormModal>
  );
}

/** What a bulk action did to each cluster: succeeded, or failed with its problem's detail. */
export function BulkResults({ what, outcome, names, onClose }: { what: string; outcome: BulkOutcome; names: Map<string, string>; onClose: () => void }) {
  const failedFirst = [...outcome.results].sort((a, b) => Number(!a.problem) - Number(!b.problem));
  return (
    <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="bulk-results-title">
      <ModalHeader title={`${what}: ${outcome.succeeded} succeeded, ${outcome.failed} failed`} labelId="bulk-results-title"
        titleIconVariant={outcome.failed === 0 ? 'success' : outcome.succeeded === 0 ? 'danger' : 'warning'} />
      <ModalBody>
        {outcome.failed > 0 ? <p className="pf-v6-u-mb-sm">The clusters that failed stay selected.</p> : null}
        <Table aria-label="Bulk action results" variant="compact">
          <Thead>
            <Tr>
              <Th>Cluster</Th>
              <Th>Result</Th>
              <Th>Detail</Th>
            </Tr>
          </Thead>
          <Tbody>
            {failedFirst.map((r) => (
              <Tr key={r.id} data-result={names.get(r.id) ?? r.id}>
                <Td dataLabel="Cluster">{names.get(r.id) ?? r.id}</Td>
                <Td dataLabel="Result">
                  {r.problem ? <Label color="red">Failed</Label> : <Label color="green">Succeeded</Label>}
                </Td>
                <Td dataLabel="Detail">{r.problem ? problemMessage(r.status, r.problem) : r.status === 202 ? 'Task queued' : 'Done'}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}
