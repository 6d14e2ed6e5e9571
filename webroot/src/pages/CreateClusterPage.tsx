import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  ActionGroup,
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { errorMessage, request } from '../api/client';
import { fetchCatalogChoices, fetchTemplates, fetchVersion } from '../api/templates';
import type { Cluster } from '../api/types';
import { useWorkspace } from '../app/App';
import { useResource } from '../app/hooks';
import { useClusterForm } from '../components/ClusterForm';
import { ParamsForm } from '../components/ParamsForm';
import { RenderPreview } from '../components/RenderPreview';
import { Empty, ErrorState, Loading } from '../components/States';
import { fieldErrors } from '../components/fieldErrors';

/** A new cluster: a template and version, then the form its input schema describes, with a live render. */
export function CreateClusterPage() {
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const base = `/workspaces/${workspace.slug}`;
  const templates = useResource((signal) => fetchTemplates(workspace.id, signal), workspace.id);
  const catalogs = useResource((signal) => fetchCatalogChoices(workspace.id, signal), workspace.id);
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState(params.get('template') ?? '');
  const [versionId, setVersionId] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [submitted, setSubmitted] = useState(false);

  const template = templates.data?.find((t) => t.id === templateId);
  const available = (template?.cluster_template_versions ?? []).filter((v) => v.available).sort((a, b) => b.number - a.number);
  useEffect(() => {
    if (templates.data && !templateId && templates.data.length > 0) setTemplateId(templates.data[0].id);
  }, [templates.data, templateId]);
  useEffect(() => {
    if (template) setVersionId(template.current_cluster_template_version_id ?? available[0]?.id ?? '');
  }, [template?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const version = useResource((signal) => (templateId && versionId ? fetchVersion(templateId, versionId, signal) : Promise.resolve(undefined)), `${templateId}|${versionId}`);
  const form = useClusterForm(templateId || null, version.data, catalogs.data);
  const nameError = fieldErrors(failure).name ?? (submitted && !name.trim() ? 'A name is required' : undefined);

  const create = async () => {
    setSubmitted(true);
    form.touchAll();
    if (!name.trim() || form.blocked || !versionId) return;
    setSaving(true);
    setFailure(null);
    try {
      const cluster = await request<Cluster>('/clusters', {
        method: 'POST',
        query: { workspace_id: workspace.id },
        body: { name: name.trim(), cluster_template_version_id: versionId, values: form.values },
      });
      navigate(`${base}/clusters/${cluster.id}`);
    } catch (e) {
      setFailure(e);
      form.saveFailed(e);
    } finally {
      setSaving(false);
    }
  };

  const heading = (
    <>
      <PageSection type="breadcrumb">
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link className={className} to={`${base}/clusters`}>Clusters</Link>} />
          <BreadcrumbItem isActive>Create cluster</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <PageSection>
        <Title headingLevel="h1">Create cluster</Title>
        <p className="commander-subtitle">Pick a template; its input form and a live render of the configuration follow.</p>
      </PageSection>
    </>
  );
  if (templates.data === undefined) {
    return (
      <>
        {heading}
        <PageSection>{templates.error ? <ErrorState title="Templates could not be read" message={templates.error} onRetry={() => templates.reload()} /> : <Loading what="templates" />}</PageSection>
      </>
    );
  }
  if (templates.data.length === 0) {
    return (
      <>
        {heading}
        <PageSection>
          <Empty title="No templates yet" actions={<Button onClick={() => navigate(`${base}/templates/new`)}>Create template</Button>}>
            A cluster is made from a template: create one first.
          </Empty>
        </PageSection>
      </>
    );
  }

  return (
    <>
      {heading}
      <PageSection>
        <Grid hasGutter>
          <GridItem span={12} xl2={7}>
            <Form
              onSubmit={(e) => {
                e.preventDefault();
                void create();
              }}
              aria-label="Create cluster"
            >
              <Card isCompact>
                <CardTitle>Name and template</CardTitle>
                <CardBody>
                  <Grid hasGutter>
                    <GridItem span={12}>
                      <FormGroup label="Name" isRequired fieldId="cluster-name">
                        <TextInput id="cluster-name" value={name} onChange={(_e, v) => setName(v)} validated={nameError ? 'error' : 'default'} autoComplete="off" />
                        {nameError ? (
                          <FormHelperText>
                            <HelperText>
                              <HelperTextItem variant="error">{nameError}</HelperTextItem>
                            </HelperText>
                          </FormHelperText>
                        ) : null}
                      </FormGroup>
                    </GridItem>
                    <GridItem span={12} md={8}>
                      <FormGroup label="Template" isRequired fieldId="cluster-template">
                        <FormSelect id="cluster-template" value={templateId} onChange={(_e, v) => setTemplateId(v)}>
                          {templates.data.map((t) => (
                            <FormSelectOption key={t.id} value={t.id} label={t.name} />
                          ))}
                        </FormSelect>
                      </FormGroup>
                    </GridItem>
                    <GridItem span={12} md={4}>
                      <FormGroup label="Version" isRequired fieldId="cluster-version">
                        <FormSelect id="cluster-version" value={versionId} onChange={(_e, v) => setVersionId(v)}>
                          {available.map((v) => (
                            <FormSelectOption key={v.id} value={v.id} label={`v${v.number}${v.id === template?.current_cluster_template_version_id ? ' (current)' : ''}${v.comment ? ` · ${v.comment}` : ''}`} />
                          ))}
                        </FormSelect>
                      </FormGroup>
                    </GridItem>
                  </Grid>
                </CardBody>
              </Card>
              <Card isCompact>
                <CardTitle>Parameters</CardTitle>
                <CardBody>
                  {version.error ? (
                    <Alert variant="danger" isInline isPlain title={`The template version could not be read: ${version.error}`} />
                  ) : version.data === undefined ? (
                    <Loading what="the template's form" />
                  ) : (
                    <ParamsForm items={form.items} state={form.state} onChange={form.setState} errors={form.errors} catalogs={catalogs.data} mode="create" />
                  )}
                  {catalogs.error ? <Alert variant="warning" isInline isPlain title={`Catalogs could not be read: ${catalogs.error}`} className="pf-v6-u-mt-sm" /> : null}
                </CardBody>
              </Card>
              {failure ? (
                <Alert variant="danger" isInline title={`The cluster could not be created: ${errorMessage(failure)}`} />
              ) : null}
              {submitted && form.blocked ? <Alert variant="danger" isInline isPlain title="Fix the problems marked in the form: Commander does not save a configuration that does not render." /> : null}
              <ActionGroup>
                <Button type="submit" variant="primary" isLoading={saving} isDisabled={saving}>
                  Create
                </Button>
                <Button variant="link" onClick={() => navigate(`${base}/clusters`)}>
                  Cancel
                </Button>
              </ActionGroup>
            </Form>
          </GridItem>
          <GridItem span={12} xl2={5}>
            <div className="commander-sticky">
              <RenderPreview preview={form.preview} otherErrors={form.otherErrors} />
            </div>
          </GridItem>
        </Grid>
      </PageSection>
    </>
  );
}
