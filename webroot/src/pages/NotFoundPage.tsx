import { Link } from 'react-router-dom';
import { Content, PageSection } from '@patternfly/react-core';
import { Empty } from '../components/States';

export function NotFoundPage() {
  return (
    <PageSection>
      <Empty title="Page not found">
        <Content component="p">
          Nothing lives at this address. <Link to="/workspaces">Go to your workspaces</Link>.
        </Content>
      </Empty>
    </PageSection>
  );
}
