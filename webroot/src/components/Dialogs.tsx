import React, { useState } from 'react';
import { Alert, Button, ClipboardCopy, Modal, ModalBody, ModalFooter, ModalHeader, Tooltip } from '@patternfly/react-core';
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
