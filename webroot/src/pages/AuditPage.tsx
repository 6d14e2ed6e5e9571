import { Content, PageSection, Title } from '@patternfly/react-core';
import { useWorkspace } from '../app/App';
import { useAccess } from '../app/useAccess';
import { deniedReason } from '../app/access';
import { AuditLog } from '../components/AuditLog';
import { Empty } from '../components/States';

/** /workspaces/{slug}/audit: who changed what in this workspace (admins read it, as the API allows). */
export function AuditPage() {
  const workspace = useWorkspace();
  const access = useAccess();
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Audit log</Title>
        <Content component="p" className="commander-subtitle">
          Every change in {workspace.name}, newest first: who, what, when and from where. Open a row for its changed fields.
        </Content>
      </PageSection>
      <PageSection>
        {access.canAdmin ? (
          <AuditLog workspaceId={workspace.id} />
        ) : (
          <Empty title="The audit log is for admins">{deniedReason(access, 'admin')}</Empty>
        )}
      </PageSection>
    </>
  );
}
