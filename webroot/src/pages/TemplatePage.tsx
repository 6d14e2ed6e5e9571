// A template: its sections in CodeMirror editors, its input schema as JSON, a live preview against
// sample values with problems at their line, saving as a new version, and its versions.

import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  ActionGroup,
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  Label,
  PageSection,
  Switch,
  Tab,
  TabTitleText,
  Tabs,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { ApiError, errorMessage, request } from '../api/client';
import { fetchCatalogChoices, fetchVersion, renderBody } from '../api/templates';
import type { ClusterTemplate, ClusterTemplateVersion, TemplateSections } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { CodeEditor, type LineProblem } from '../components/CodeEditor';
import { RenderPreview, sectionTitle, useDebouncedRender } from '../components/RenderPreview';
import { Empty, ErrorState, Loading } from '../components/States';
import { Ago } from '../components/Time';
import { VersionCompare } from '../components/VersionCompare';
import { parseSchema, sampleValues } from '../forms/schema';

const FIXED = ['kubernetes', 'placement', 'ssh', 'installation', 'primary_resources'] as const;
type Fixed = (typeof FIXED)[number];

const NEW_PARAMS = `[
  { "header": "Cluster" },
  { "key": "domain", "type": "string", "title": "Domain", "span": 2 },
  { "key": "podSubnet", "type": "string", "title": "Pod subnet", "default": "10.111.0.0/16", "span": 2, "immutable": true }
]
`;
const NEW_KUBERNETES = `apiVersion: deckhouse.io/v1
kind: ClusterConfiguration
clusterType: Static
podSubnetCIDR: {{ .podSubnet }}
serviceSubnetCIDR: 10.222.0.0/16
kubernetesVersion: Automatic
clusterDomain: cluster.local
`;
const NEW_PLACEMENT = `apiVersion: deckhouse.io/v1
kind: StaticClusterConfiguration
internalNetworkCIDRs: [10.0.0.0/24]
`;

interface Draft {
  name: string;
  comment: string;
  paramsText: string;
  sections: TemplateSections;
}

/** A part's short title, on its tab and in its editor's label ("Kubernetes section"). */
function partTitle(key: string): string {
  return key.startsWith('resources/') ? key.slice('resources/'.length) : sectionTitle(key).replace(' (ClusterConfiguration)', '');
}

function text(s: string | null | undefined): string {
  return s ?? '';
}

/** The sections as the API takes them: empty texts left out. */
function cleanSections(s: TemplateSections): TemplateSections {
  const out: TemplateSections = {};
  for (const k of FIXED) if (text(s[k]).trim() !== '') out[k] = s[k];
  if (s.resources && s.resources.length > 0) out.resources = s.resources;
  return out;
}

function parseJson(textValue: string): { value?: unknown; error?: LineProblem } {
  try {
    return { value: JSON.parse(textValue) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? textValue.slice(0, Number(pos[1])).split('\n').length : (/line (\d+)/.exec(message)?.[1] ?? 1);
    return { error: { line: Number(line), message } };
  }
}

async function download(templateId: string, versionId: string, name: string, number: number) {
  const document = await request<unknown>(`/cluster_templates/${templateId}/export`, { query: { cluster_template_version_id: versionId } });
  const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2) + '\n'], { type: 'application/json' }));
  const a = window.document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}-v${number}.json`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** How many live clusters are on a version, linked to the clusters list filtered by it. */
function VersionClusters({ template, version, workspaceSlug }: { template: ClusterTemplate; version: ClusterTemplateVersion; workspaceSlug: string }) {
  const count = version.cluster_count ?? 0;
  if (count === 0) return <span className="commander-muted">none</span>;
  return (
    <Link to={`/workspaces/${workspaceSlug}/clusters?template=${template.id}&version=${version.id}`} aria-label={`${count} clusters on version ${version.number}`}>
      {count} {count === 1 ? 'cluster' : 'clusters'}
    </Link>
  );
}

function VersionsTable({ template, onChanged, onOpen, openId, workspaceSlug }: { template: ClusterTemplate; onChanged: (t: ClusterTemplate) => void; onOpen: (v: ClusterTemplateVersion) => void; openId: string; workspaceSlug: string }) {
  const [comments, setComments] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const versions = [...template.cluster_template_versions].sort((a, b) => b.number - a.number);
  const patch = async (v: ClusterTemplateVersion, body: Record<string, unknown>) => {
    setError(null);
    try {
      onChanged(await request<ClusterTemplate>(`/cluster_templates/${template.id}/versions/${v.id}`, { method: 'PATCH', body }));
      setComments((c) => {
        const { [v.id]: _drop, ...rest } = c;
        return rest;
      });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <>
      {error ? <Alert variant="danger" isInline title={error} className="pf-v6-u-mb-sm" /> : null}
      <Table aria-label="Versions" variant="compact">
        <Thead>
          <Tr>
            <Th>Version</Th>
            <Th modifier="fitContent">Available</Th>
            <Th modifier="nowrap">Clusters</Th>
            <Th width={50}>Comment</Th>
            <Th modifier="nowrap">Created</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>
          {versions.map((v) => {
            const draft = comments[v.id];
            return (
              <Tr key={v.id} data-version={v.number} isRowSelected={v.id === openId}>
                <Td dataLabel="Version">
                  v{v.number}{' '}
                  {v.id === template.current_cluster_template_version_id ? (
                    <Label isCompact color="blue">
                      current
                    </Label>
                  ) : null}
                </Td>
                <Td dataLabel="Available">
                  <Switch
                    id={`available-${v.id}`}
                    aria-label={`Version ${v.number} available`}
                    isChecked={v.available}
                    onChange={(_e, on) => void patch(v, { available: on })}
                  />
                </Td>
                <Td dataLabel="Clusters" modifier="nowrap">
                  <VersionClusters template={template} version={v} workspaceSlug={workspaceSlug} />
                </Td>
                <Td dataLabel="Comment">
                  <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                    <FlexItem grow={{ default: 'grow' }}>
                      <TextInput aria-label={`Comment of version ${v.number}`} value={draft ?? v.comment} onChange={(_e, value) => setComments((c) => ({ ...c, [v.id]: value }))} />
                    </FlexItem>
                    {draft !== undefined && draft !== v.comment ? (
                      <FlexItem>
                        <Button variant="secondary" size="sm" onClick={() => void patch(v, { comment: draft })}>
                          Save comment
                        </Button>
                      </FlexItem>
                    ) : null}
                  </Flex>
                </Td>
                <Td dataLabel="Created">
                  <Ago at={v.created_at} />
                </Td>
                <Td dataLabel="Actions" modifier="nowrap" className="commander-actions">
                  <Button variant="link" isInline onClick={() => onOpen(v)} isDisabled={v.id === openId}>
                    {v.id === openId ? 'In the editor' : 'Open'}
                  </Button>
                  <Button variant="link" isInline onClick={() => void download(template.id, v.id, template.name, v.number).catch((e) => setError(errorMessage(e)))}>
                    Export
                  </Button>
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
    </>
  );
}

export default function TemplatePage() {
  const workspace = useWorkspace();
  const { id = 'new' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const isNew = id === 'new';
  const base = `/workspaces/${workspace.slug}/templates`;
  const [tab, setTab] = useState<'editor' | 'versions'>('editor');

  const [template, setTemplate] = useState<ClusterTemplate | undefined>(undefined);
  const loaded = useResource((signal) => (isNew ? Promise.resolve(undefined) : request<ClusterTemplate>(`/cluster_templates/${id}`, { signal })), id);
  useEffect(() => setTemplate(loaded.data), [loaded.data]);
  const versionId = params.get('version') ?? template?.current_cluster_template_version_id ?? '';
  const version = useResource((signal) => (!isNew && versionId ? fetchVersion(id, versionId, signal) : Promise.resolve(undefined)), `${id}|${versionId}`);
  const catalogs = useResource((signal) => fetchCatalogChoices(workspace.id, signal), workspace.id);

  const [draft, setDraft] = useState<Draft | null>(isNew ? { name: '', comment: '', paramsText: NEW_PARAMS, sections: { kubernetes: NEW_KUBERNETES, placement: NEW_PLACEMENT } } : null);
  const [samplesText, setSamplesText] = useState<string | null>(null);
  const [section, setSection] = useState<string>('kubernetes');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!version.data || !template) return;
    setDraft({
      name: template.name,
      comment: '',
      paramsText: JSON.stringify(version.data.params ?? [], null, 2) + '\n',
      sections: { ...version.data.sections, resources: version.data.sections.resources ?? [] },
    });
    setSamplesText(null);
  }, [version.data, template?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const parsedParams = useMemo(() => (draft ? parseJson(draft.paramsText) : {}), [draft?.paramsText]); // eslint-disable-line react-hooks/exhaustive-deps
  const items = useMemo(() => parseSchema(parsedParams.value), [parsedParams.value]);
  const defaultSamples = useMemo(() => JSON.stringify(sampleValues(items, catalogs.data ?? []), null, 2) + '\n', [items, catalogs.data]);
  const samples = samplesText ?? defaultSamples;
  const parsedSamples = useMemo(() => parseJson(samples), [samples]);

  const renderable = draft && parsedParams.value !== undefined && parsedSamples.value !== undefined;
  const preview = useDebouncedRender(
    renderable ? (signal) => renderBody(workspace.id, parsedParams.value as unknown[], cleanSections(draft!.sections), parsedSamples.value as Record<string, unknown>, signal) : null,
    renderable ? JSON.stringify([draft!.paramsText, draft!.sections, samples]) : 'none',
    500,
  );
  const [previewProblem, setPreviewProblem] = useState<string[]>([]);
  useEffect(() => {
    // A schema the server refuses comes back as a 400 with JSON pointers: list them under the schema.
    setPreviewProblem(preview.error ? [preview.error] : []);
  }, [preview.error]);

  if (!isNew && loaded.data === undefined) {
    return <PageSection>{loaded.error ? loaded.errorStatus === 404 ? <Empty title="Template not found">No template <code>{id}</code> here. <Link to={base}>Back to the templates</Link></Empty> : <ErrorState title="The template could not be read" message={loaded.error} onRetry={() => loaded.reload()} /> : <Loading what="template" />}</PageSection>;
  }
  if (!draft) return <PageSection>{version.error ? <ErrorState title="The version could not be read" message={version.error} /> : <Loading what="template version" />}</PageSection>;

  const errors = preview.result?.errors ?? [];
  const problemsOf = (key: string): LineProblem[] => errors.filter((e) => e.section === key).map((e) => ({ line: e.line, message: `${e.code ?? 'error'}: ${e.message ?? ''}` }));
  const countOf = (key: string) => errors.filter((e) => e.section === key).length;
  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(null);
  };
  const setSection_ = (key: Fixed, value: string) => set({ sections: { ...draft.sections, [key]: value } });
  const resources = draft.sections.resources ?? [];
  const valuesErrors = errors.filter((e) => e.section === 'values').map((e) => e.message ?? '');
  const otherErrors = errors.filter((e) => e.section !== 'values').map((e) => `${sectionTitle(e.section ?? '')}${e.line ? ` line ${e.line}` : ''}: ${e.message ?? ''}`);

  const save = async () => {
    setFailure(null);
    setSaved(null);
    if (parsedParams.value === undefined) {
      setSection('params');
      return;
    }
    setSaving(true);
    try {
      const body = { name: draft.name.trim(), comment: draft.comment, params: parsedParams.value, sections: cleanSections(draft.sections) };
      if (isNew) {
        const created = await request<ClusterTemplate>('/cluster_templates', { method: 'POST', query: { workspace_id: workspace.id }, body });
        navigate(`${base}/${created.id}`, { replace: true });
      } else {
        const before = template!.current_cluster_template_version_id;
        const updated = await request<ClusterTemplate>(`/cluster_templates/${id}`, { method: 'PUT', body });
        setTemplate(updated);
        const current = updated.cluster_template_versions.find((v) => v.id === updated.current_cluster_template_version_id);
        setSaved(updated.current_cluster_template_version_id === before ? 'Saved: the content is unchanged, so no new version' : `Saved as version ${current?.number}`);
        if (params.get('version')) setParams({}, { replace: true });
        setDraft({ ...draft, comment: '' });
      }
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };

  const openVersion = version.data;
  const current = template?.cluster_template_versions.find((v) => v.id === template.current_cluster_template_version_id);
  const nextNumber = Math.max(0, ...(template?.cluster_template_versions ?? []).map((v) => v.number)) + 1;
  const failureErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const tabTitle = (title: string, n: number) => (
    <TabTitleText>
      {title}
      {n > 0 ? (
        <Label isCompact color="red" className="pf-v6-u-ml-xs">
          {n}
        </Label>
      ) : null}
    </TabTitleText>
  );

  const editorFor = (key: string) => {
    if (key === 'params') {
      return (
        <>
          <CodeEditor key="params" language="json" label="Input schema (params)" value={draft.paramsText} onChange={(v) => set({ paramsText: v })} problems={parsedParams.error ? [parsedParams.error] : []} />
          <p className="commander-muted pf-v6-u-mt-xs">
            A JSON list of fields (<code>key</code>, <code>type</code>, <code>title</code>, <code>default</code>, <code>format</code>, <code>span</code>, <code>optional</code>, <code>immutable</code>, <code>enum</code>,{' '}
            <code>select</code>, <code>catalog</code>, <code>minItems</code>/<code>maxItems</code>, …) and <code>{'{"header": "…"}'}</code> items.
          </p>
        </>
      );
    }
    if (key.startsWith('resources/')) {
      const i = resources.findIndex((r) => `resources/${r.name}` === key);
      const r = resources[i];
      if (!r) return null;
      const update = (patch: Partial<typeof r>) => set({ sections: { ...draft.sections, resources: resources.map((x, j) => (j === i ? { ...x, ...patch } : x)) } });
      return (
        <>
          <Flex gap={{ default: 'gapMd' }} className="pf-v6-u-mb-sm" alignItems={{ default: 'alignItemsFlexEnd' }}>
            <FlexItem>
              <FormGroup label="Mode" fieldId={`mode-${i}`}>
                <FormSelect id={`mode-${i}`} value={r.mode ?? 'enforced'} onChange={(_e, v) => update({ mode: v as 'enforced' | 'create-once' })}>
                  <FormSelectOption value="enforced" label="Enforced (kept as written)" />
                  <FormSelectOption value="create-once" label="Created once, then left alone" />
                </FormSelect>
              </FormGroup>
            </FlexItem>
            <FlexItem>
              <Button
                variant="link"
                isDanger
                onClick={() => {
                  set({ sections: { ...draft.sections, resources: resources.filter((_x, j) => j !== i) } });
                  setSection('kubernetes');
                }}
              >
                Remove this tab
              </Button>
            </FlexItem>
          </Flex>
          <CodeEditor key={key} language="yaml" label={`${partTitle(key)} section`} value={text(r.template)} onChange={(v) => update({ template: v })} problems={problemsOf(key)} />
        </>
      );
    }
    const k = key as Fixed;
    return <CodeEditor key={k} language="yaml" label={`${partTitle(k)} section`} value={text(draft.sections[k])} onChange={(v) => setSection_(k, v)} problems={problemsOf(k)} />;
  };

  const addResources = () => {
    let n = resources.length + 1;
    while (resources.some((r) => r.name === `resources-${n}`)) n++;
    const name = `resources-${n}`;
    set({ sections: { ...draft.sections, resources: [...resources, { name, mode: 'enforced', template: '' }] } });
    setSection(`resources/${name}`);
  };

  return (
    <>
      <PageSection type="breadcrumb">
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link className={className} to={base}>Templates</Link>} />
          <BreadcrumbItem isActive>{isNew ? 'New template' : template?.name}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <PageSection>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
          <FlexItem>
            <Title headingLevel="h1">{isNew ? 'New template' : template?.name}</Title>
            {!isNew && openVersion ? (
              <p className="commander-subtitle">
                Editing from version {openVersion.number}
                {openVersion.id !== template?.current_cluster_template_version_id ? ` (the current one is v${current?.number})` : ' (current)'}; saving makes version {nextNumber}
              </p>
            ) : null}
          </FlexItem>
          {!isNew && template ? (
            <FlexItem>
              <Flex gap={{ default: 'gapSm' }}>
                <Button variant="secondary" onClick={() => openVersion && void download(template.id, openVersion.id, template.name, openVersion.number).catch((e) => setFailure(e))}>
                  Export
                </Button>
                <Button variant="secondary" onClick={() => navigate(`/workspaces/${workspace.slug}/clusters/new?template=${template.id}`)}>
                  Create cluster
                </Button>
              </Flex>
            </FlexItem>
          ) : null}
        </Flex>
      </PageSection>
      {!isNew ? (
        <PageSection type="tabs">
          <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k as 'editor' | 'versions')} usePageInsets aria-label="Template sections">
            <Tab eventKey="editor" title={<TabTitleText>Editor</TabTitleText>} />
            <Tab eventKey="versions" title={<TabTitleText>Versions ({template?.cluster_template_versions.length ?? 0})</TabTitleText>} />
          </Tabs>
        </PageSection>
      ) : null}
      <PageSection>
        {tab === 'versions' && template ? (
          <>
          <VersionsTable
            workspaceSlug={workspace.slug}
            template={template}
            openId={openVersion?.id ?? ''}
            onChanged={setTemplate}
            onOpen={(v) => {
              setParams({ version: v.id });
              setTab('editor');
            }}
          />
          <VersionCompare template={template} />
          </>
        ) : (
          <Grid hasGutter>
            <GridItem span={12} xl2={7}>
              <Form
                aria-label="Template"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <Grid hasGutter>
                  <GridItem span={12} md={5}>
                    <FormGroup label="Name" isRequired fieldId="template-name">
                      <TextInput id="template-name" value={draft.name} onChange={(_e, v) => set({ name: v })} autoComplete="off" />
                    </FormGroup>
                  </GridItem>
                  <GridItem span={12} md={7}>
                    <FormGroup label={isNew ? 'Comment' : `Comment of version ${nextNumber}`} fieldId="template-comment">
                      <TextInput id="template-comment" value={draft.comment} onChange={(_e, v) => set({ comment: v })} placeholder="What changed, for the versions list" autoComplete="off" />
                    </FormGroup>
                  </GridItem>
                </Grid>
                <Card isCompact>
                  <CardBody>
                    <Tabs activeKey={section} onSelect={(_e, k) => (k === 'add' ? addResources() : setSection(String(k)))} aria-label="Template parts" isSubtab className="commander-section-tabs">
                      {[
                        <Tab key="params" eventKey="params" title={tabTitle('Parameters', parsedParams.error ? 1 : 0)} />,
                        ...FIXED.map((k) => <Tab key={k} eventKey={k} title={tabTitle(partTitle(k), countOf(k))} />),
                        ...resources.map((r) => <Tab key={r.name} eventKey={`resources/${r.name}`} title={tabTitle(r.name, countOf(`resources/${r.name}`))} />),
                        <Tab key="add" eventKey="add" title={<TabTitleText>+ Resources</TabTitleText>} aria-label="Add a resources tab" />,
                      ]}
                    </Tabs>
                    <div className="pf-v6-u-mt-sm">{editorFor(section)}</div>
                    {problemsOf(section).length > 0 ? (
                      <Alert variant="danger" isInline isPlain title={`Problems of ${partTitle(section)}`} className="pf-v6-u-mt-sm">
                        <ul className="commander-errors">
                          {problemsOf(section).map((p, i) => (
                            <li key={i}>
                              {p.line ? `Line ${p.line}: ` : ''}
                              {p.message}
                            </li>
                          ))}
                        </ul>
                      </Alert>
                    ) : null}
                  </CardBody>
                </Card>
                {failure ? (
                  <Alert variant="danger" isInline title={`Not saved: ${errorMessage(failure)}`}>
                    {failureErrors.length > 0 ? (
                      <ul className="commander-errors">
                        {failureErrors.map((e, i) => (
                          <li key={i}>
                            <code>{e.field}</code> {e.message}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </Alert>
                ) : null}
                {saved ? <Alert variant="success" isInline isPlain title={saved} /> : null}
                <ActionGroup>
                  <Button type="submit" isLoading={saving} isDisabled={saving || !draft.name.trim()}>
                    {isNew ? 'Create template' : `Save as version ${nextNumber}`}
                  </Button>
                  <Button variant="link" onClick={() => navigate(base)}>
                    {isNew ? 'Cancel' : 'Back to the templates'}
                  </Button>
                </ActionGroup>
              </Form>
            </GridItem>
            <GridItem span={12} xl2={5}>
              <Card isCompact className="pf-v6-u-mb-md">
                <CardTitle>Sample values</CardTitle>
                <CardBody>
                  <CodeEditor key="samples" language="json" label="Sample values" value={samples} onChange={(v) => setSamplesText(v)} problems={parsedSamples.error ? [parsedSamples.error] : []} minHeight="6rem" />
                  {valuesErrors.length > 0 ? (
                    <Alert variant="warning" isInline isPlain title="The sample values do not fit the schema" className="pf-v6-u-mt-sm">
                      <ul className="commander-errors">
                        {valuesErrors.map((m, i) => (
                          <li key={i}>{m}</li>
                        ))}
                      </ul>
                    </Alert>
                  ) : null}
                  {samplesText !== null ? (
                    <Button variant="link" isInline onClick={() => setSamplesText(null)} className="pf-v6-u-mt-xs">
                      Reset to values made from the schema
                    </Button>
                  ) : null}
                </CardBody>
              </Card>
              <RenderPreview preview={preview} otherErrors={[...previewProblem, ...otherErrors]} title="Preview" />
            </GridItem>
          </Grid>
        )}
      </PageSection>
    </>
  );
}
