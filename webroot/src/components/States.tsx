import React from 'react';
import { Bullseye, Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Spinner } from '@patternfly/react-core';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import CubesIcon from '@patternfly/react-icons/dist/esm/icons/cubes-icon';

/** What a view shows while its data loads. */
export function Loading({ what }: { what: string }) {
  return (
    <Bullseye className="commander-state">
      <Spinner size="xl" aria-label={`Loading ${what}`} />
    </Bullseye>
  );
}

/** What a view shows when its data could not be read: the problem's detail and a way to try again. */
export function ErrorState({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <EmptyState titleText={title} headingLevel="h2" icon={ExclamationCircleIcon} status="danger" className="commander-state">
      <EmptyStateBody>{message}</EmptyStateBody>
      {onRetry ? (
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="primary" onClick={onRetry}>
              Try again
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}

/** What a view shows when there is nothing yet, with what to do about it. */
export function Empty({ title, children, actions }: { title: string; children?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <EmptyState titleText={title} headingLevel="h2" icon={CubesIcon} className="commander-state">
      {children ? <EmptyStateBody>{children}</EmptyStateBody> : null}
      {actions ? (
        <EmptyStateFooter>
          <EmptyStateActions>{actions}</EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}
