import React from 'react';
import { Label, Tooltip } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import InProgressIcon from '@patternfly/react-icons/dist/esm/icons/in-progress-icon';
import OutlinedCircleIcon from '@patternfly/react-icons/dist/esm/icons/outlined-circle-icon';
import { statusInfo, TASK_STATES, type Tone } from '../api/status';
import type { TaskState } from '../api/types';

const TONES: Record<Tone, { color: 'green' | 'red' | 'orange' | 'blue' | 'grey'; icon: React.ReactNode }> = {
  success: { color: 'green', icon: <CheckCircleIcon /> },
  danger: { color: 'red', icon: <ExclamationCircleIcon /> },
  warning: { color: 'orange', icon: <ExclamationTriangleIcon /> },
  progress: { color: 'blue', icon: <InProgressIcon /> },
  neutral: { color: 'grey', icon: <OutlinedCircleIcon /> },
};

function ToneLabel({ tone, text, tooltip, id }: { tone: Tone; text: string; tooltip?: React.ReactNode; id?: string }) {
  const { color, icon } = TONES[tone];
  const label = (
    <Label color={color} icon={icon} isCompact id={id} tabIndex={tooltip ? 0 : undefined} className="commander-status">
      {text}
    </Label>
  );
  return tooltip ? (
    <Tooltip content={tooltip} maxWidth="32rem">
      {label}
    </Tooltip>
  ) : (
    label
  );
}

/** A cluster's status; the cause of a failure (or what the status means) on hover and focus. */
export function ClusterStatusLabel({ status, cause }: { status: string; cause?: string | null }) {
  const info = statusInfo(status);
  const tooltip = cause ? (
    <div>
      <strong>{info.label}.</strong> {cause}
    </div>
  ) : (
    info.meaning || undefined
  );
  return <ToneLabel tone={info.tone} text={info.label} tooltip={tooltip} />;
}

export function TaskStateLabel({ state }: { state: TaskState }) {
  const info = TASK_STATES[state] ?? { label: state, tone: 'neutral' as Tone };
  return <ToneLabel tone={info.tone} text={info.label} />;
}
