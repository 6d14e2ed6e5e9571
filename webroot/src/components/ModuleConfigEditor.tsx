// One ModuleConfig in a modal: its settings as YAML in CodeMirror, `enabled` and the settings `version`;
// managers save it (PUT with the resource_version read), viewers only read it.

import { useEffect, useState } from 'react';
import {
  ActionGroup,
  Alert,
  AlertActionLink,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { ApiError, errorMessage } from '../api/client';
import { fetchModuleConfig, saveModuleConfig, type ModuleConfig } from '../api/console';
import { parseSettings, settingsYaml } from '../api/moduleSettings';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { CodeEditor } from './CodeEditor';
import { Loading } from './States';

interface Draft {
  enabled: '' | 'true' | 'false';
  version: string;
  yaml: string;
}

function draftOf(m: ModuleConfig): Draft {
  return { enabled: m.enabled === null ? '' : m.enabled ? 'true' : 'false', version: m.version === null ? '' : String(m.version), yaml: settingsYaml(m.settings) };
}

export default function ModuleConfigModal({ clusterId, name, onClose, onSaved }: { clusterId: string; name: string; onClose: () => void; onSaved: () => void }) {
  const access = useAccess();
  const canEdit = access.canWrite;
  const [loaded, setLoaded] = useState<ModuleConfig | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setLoadError(null);
    fetchModuleConfig(clusterId, name, abort.signal)
      .then((m) => {
        setLoaded(m);
        setDraft(draftOf(m));
        setFailure(null);
      })
      .catch((e) => {
        if (!abort.signal.aborted) setLoadError(errorMessage(e));
      });
    return () => abort.abort();
  }, [clusterId, name, generation]);

  const parsed = draft ? parseSettings(draft.yaml) : { settings: {} };
  const versionBad = draft !== null && draft.version !== '' && !/^\d+$/.test(draft.version.trim());
  const dirty = loaded !== null && draft !== null && JSON.stringify(draft) !== JSON.stringify(draftOf(loaded));

  const save = async () => {
    if (!loaded || !draft || parsed.error || versionBad) return;
    setSaving(true);
    setFailure(null);
    setSaved(false);
    try {
      const updated = await saveModuleConfig(clusterId, name, {
        enabled: draft.enabled === '' ? null : draft.enabled === 'true',
        version: draft.version === '' ? null : Number(draft.version),
        settings: parsed.settings ?? {},
        resource_version: loaded.resource_version,
      });
      setLoaded(updated);
      setDraft(draftOf(updated));
      setSaved(true);
      onSaved();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };

  const conflict = failure instanceof ApiError && failure.status === 409;
  return (
    <Modal variant="large" isOpen onClose={onClose} aria-labelledby="moduleconfig-title">
      <ModalHeader
        title={`ModuleConfig ${name}`}
        labelId="moduleconfig-title"
        description={canEdit ? 'Settings as YAML; saving replaces the ModuleConfig\'s spec in the cluster through its agent (audited).' : `Read only: ${deniedReason(access, 'write')}`}
      />
      <ModalBody>
        {loadError ? (
          <Alert variant="danger" isInline title={`The ModuleConfig could not be read: ${loadError}`} actionLinks={<AlertActionLink onClick={() => setGeneration((g) => g + 1)}>Try again</AlertActionLink>} />
        ) : !draft || !loaded ? (
          <Loading what="ModuleConfig" />
        ) : (
          <Form onSubmit={(e) => e.preventDefault()}>
            {conflict ? (
              <Alert
                variant="danger"
                isInline
                title="Someone changed this ModuleConfig in the cluster since you opened it"
                actionLinks={<AlertActionLink onClick={() => setGeneration((g) => g + 1)}>Discard my edits and load the current settings</AlertActionLink>}
              >
                Nothing was saved: {errorMessage(failure)}
              </Alert>
            ) : failure ? (
              <Alert variant="danger" isInline title={`Not saved: ${errorMessage(failure)}`} />
            ) : saved && !dirty ? (
              <Alert variant="success" isInline isPlain title="Saved to the cluster" />
            ) : null}
            <div className="commander-moduleconfig-fields">
              <FormGroup label="Enabled" fieldId="mc-enabled">
                <FormSelect id="mc-enabled" value={draft.enabled} isDisabled={!canEdit} onChange={(_e, v) => setDraft({ ...draft, enabled: v as Draft['enabled'] })}>
                  <FormSelectOption value="" label="Module default (not set)" />
                  <FormSelectOption value="true" label="Enabled" />
                  <FormSelectOption value="false" label="Disabled" />
                </FormSelect>
              </FormGroup>
              <FormGroup label="Settings version" fieldId="mc-version">
                <TextInput
                  id="mc-version"
                  value={draft.version}
                  isDisabled={!canEdit}
                  validated={versionBad ? 'error' : 'default'}
                  onChange={(_e, v) => setDraft({ ...draft, version: v })}
                  placeholder="not set"
                  inputMode="numeric"
                />
              </FormGroup>
            </div>
            <FormGroup label="Settings" fieldId="mc-settings">
              <CodeEditor
                language="yaml"
                label={`Settings of ${name}`}
                value={draft.yaml}
                readOnly={!canEdit}
                onChange={(v) => setDraft((d) => (d ? { ...d, yaml: v } : d))}
                problems={parsed.error ? [parsed.error] : []}
                minHeight="14rem"
              />
            </FormGroup>
          </Form>
        )}
      </ModalBody>
      <ModalFooter>
        {canEdit ? (
          <ActionGroup>
            <Button variant="primary" onClick={() => void save()} isLoading={saving} isDisabled={saving || !dirty || !!parsed.error || versionBad || !loaded}>
              Save
            </Button>
            <Button variant="link" onClick={onClose}>
              {dirty ? 'Cancel' : 'Close'}
            </Button>
          </ActionGroup>
        ) : (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        )}
      </ModalFooter>
    </Modal>
  );
}
