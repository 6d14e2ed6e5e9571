import React, { useState } from 'react';
import { Alert, Button, ClipboardCopy, FormHelperText, HelperText, HelperTextItem, Modal, ModalBody, ModalFooter, ModalHeader, Tooltip } from '@patternfly/react-core';
import { errorMessage } from '../api/client';

/**
 * Asks before something that cannot be undone; runs `action`, shows its problem's detail when it
 * fails and stays open so that people can read it.
 */
export function ConfirmModal({ title, children, confirm, onConfirm, onClose, danger = true }: {
  title: string;
  children: React.ReactNode;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  danger?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="confirm-title">
      <ModalHeader title={title} labelId="confirm-title" titleIconVariant={danger ? 'warning' : undefined} />
      <ModalBody>
        {error ? <Alert variant="danger" isInline title={error} className="pf-v6-u-mb-md" /> : null}
        {children}
      </ModalBody>
      <ModalFooter>
        <Button variant={danger ? 'danger' : 'primary'} onClick={() => void run()} isLoading={busy} isDisabled={busy}>
          {confirm}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * A dialog around a form: title, the problem's detail when the last submit failed, the body (holding a
 * `<Form id={id}>`), and a footer whose submit button submits that form, with Cancel.
 */
export function FormModal({ id, title, description, titleIconVariant, variant = 'small', error, busy, submit, canSubmit = true, danger = false, onClose, children }: {
  /** The form's id; the title's is `${id}-title`. */
  id: string;
  title: string;
  description?: React.ReactNode;
  titleIconVariant?: 'warning' | 'danger' | 'success' | 'info';
  variant?: 'small' | 'medium' | 'large';
  /** Shown above the body; leave it out where the form shows its errors itself. */
  error?: string | null;
  busy: boolean;
  submit: string;
  canSubmit?: boolean;
  danger?: boolean;
  onClose: () => void;
  children: React.ReactNode;
}) {
  return (
    <Modal isOpen onClose={onClose} variant={variant} aria-labelledby={`${id}-title`}>
      <ModalHeader title={title} labelId={`${id}-title`} description={description} titleIconVariant={titleIconVariant} />
      <ModalBody>
        {error ? <Alert variant="danger" isInline title={error} className="pf-v6-u-mb-md" /> : null}
        {children}
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form={id} variant={danger ? 'danger' : 'primary'} isLoading={busy} isDisabled={busy || !canSubmit}>
          {submit}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * The state of a dialog's submit: `run` prevents the form's default, marks it busy and keeps what the
 * action threw (to show its problem's detail); on success the dialog usually closes, so busy stays.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<unknown>, event?: React.FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return { busy, error, message: error === null ? null : errorMessage(error), run, setError };
}

/** A secret the server answers once (a token, a generated password): shown with a copy button. */
export function SecretOnce({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <Alert variant="warning" isInline title={`Copy the ${label} now: it is not shown again`}>
      {children}
      <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" textAriaLabel={label} toggleAriaLabel={`Show ${label}`} className="commander-secret">
        {value}
      </ClipboardCopy>
    </Alert>
  );
}

/** A button that explains, on hover, why it is disabled (viewers see read-only controls). */
export function GuardedButton({ allowed, reason, ...props }: React.ComponentProps<typeof Button> & { allowed: boolean; reason: string }) {
  if (allowed) return <Button {...props} />;
  return (
    <Tooltip content={reason}>
      <Button {...props} isAriaDisabled onClick={undefined} />
    </Tooltip>
  );
}

/** Under a field: its error when it has one, else its hint. */
export function FieldHelp({ error, hint }: { error?: string; hint?: React.ReactNode }) {
  if (!error && !hint) return null;
  return (
    <FormHelperText>
      <HelperText>{error ? <HelperTextItem variant="error">{error}</HelperTextItem> : <HelperTextItem>{hint}</HelperTextItem>}</HelperText>
    </FormHelperText>
  );
}
