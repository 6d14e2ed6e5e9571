import { Link } from 'react-router-dom';
import { Button, Content, PageSection, Title } from '@patternfly/react-core';
import { Empty } from '../components/States';

/** A section whose screen is not built yet: says so, and where its API is. */
export function NotBuiltPage({ title }: { title: string }) {
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">{title}</Title>
      </PageSection>
      <PageSection>
        <Empty
          title={`${title}: no screen yet`}
          actions={
            <Button variant="secondary" component="a" href="/documentation" target="_blank" rel="noopener">
              Open the API documentation
            </Button>
          }
        >
          This part of the console is still being built. Everything it will show is already in the API.
        </Empty>
      </PageSection>
    </>
  );
}

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
