import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Content, Flex, FlexItem, Label, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { errorMessage, request } from '../api/client';
import { fetchTemplates } from '../api/templates';
import type { ClusterTemplate } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';

/** Reads an exported template file and creates a template from it. */
export function ImportButton({ onImported }: { onImported: (t: ClusterTemplate) => void }) {
  const workspace = useWorkspace();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: export a template from Commander to get a file to import`);
      }
      onImported(await request<ClusterTemplate>('/cluster_templates/import', { method: 'POST', query: { workspace_id: workspace.id }, body: document }));
    } catch (e) {
      const details = (e as { problem?: { errors?: { field?: string; message?: string }[] } }).problem?.errors ?? [];
      setError([errorMessage(e), ...details.map((d) => `${d.field ?? ''} ${d.message ?? ''}`.trim())].join('; '));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Template file to import"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void read(file);
        }}
      />
      <Button variant="secondary" isLoading={busy} onClick={() => input.current?.click()}>
        Import
      </Button>
      {error ? <Alert variant="danger" isInline isPlain title={`Not imported: ${error}`} className="pf-v6-u-mt-sm" /> : null}
    </>
  );
}

export function TemplatesPage() {
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const base = `/workspaces/${workspace.slug}/templates`;
  const templates = useResource((signal) => fetchTemplates(workspace.id, signal), workspace.id);
  const list = templates.data;

  let body;
  if (list === undefined) body = templates.error ? <ErrorState title="Templates could not be read" message={templates.error} onRetry={() => templates.reload()} /> : <Loading what="templates" />;
  else if (list.length === 0)
    body = (
      <Empty title="No templates yet" actions={<Button onClick={() => navigate(`${base}/new`)}>Create template</Button>}>
        A template holds the Go-templated YAML of a cluster's configuration and the input form of its parameters. Create one, or import a file
        exported from a Commander.
      </Empty>
    );
  else
    body = (
      <Table aria-label="Templates" variant="compact">
        <Thead>
          <Tr>
            <Th>Name</Th>
            <Th>Current version</Th>
            <Th>Versions</Th>
            <Th width={40}>Comment</Th>
            <Th>Updated</Th>
          </Tr>
        </Thead>
        <Tbody>
          {list.map((t) => {
            const versions = t.cluster_template_versions ?? [];
            const current = versions.find((v) => v.id === t.current_cluster_template_version_id);
            const withdrawn = versions.filter((v) => !v.available).length;
            return (
              <Tr key={t.id} data-template={t.name}>
                <Td dataLabel="Name">
                  <Link to={`${base}/${t.id}`}>{t.name}</Link>
                </Td>
                <Td dataLabel="Current version">{current ? `v${current.number}` : '—'}</Td>
                <Td dataLabel="Versions">
                  {versions.length}
                  {withdrawn > 0 ? (
                    <Label isCompact color="grey" className="pf-v6-u-ml-sm">
                      {withdrawn} withdrawn
                    </Label>
                  ) : null}
                </Td>
                <Td dataLabel="Comment" modifier="truncate">
                  <span title={current?.comment || t.comment}>{current?.comment || t.comment || <span className="commander-muted">—</span>}</span>
                </Td>
                <Td dataLabel="Updated">
                  <Ago at={t.updated_at ?? current?.created_at} />
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    );

  return (
    <>
      <PageSection>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsFlexStart' }}>
          <FlexItem>
            <Title headingLevel="h1">Templates</Title>
            <Content component="p" className="commander-subtitle">
              Cluster configurations as Go templates, with the input form each version's schema describes
            </Content>
          </FlexItem>
          <FlexItem>
            <Flex gap={{ default: 'gapSm' }}>
              <FlexItem>
                <ImportButton onImported={(t) => navigate(`${base}/${t.id}`)} />
              </FlexItem>
              <FlexItem>
                <Button onClick={() => navigate(`${base}/new`)}>Create template</Button>
              </FlexItem>
            </Flex>
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
