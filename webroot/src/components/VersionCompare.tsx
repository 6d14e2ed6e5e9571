// Two versions of a template picked from its list and compared section by section in the merge view.
import { useState } from 'react';
import { Alert, Flex, FlexItem, FormSelect, FormSelectOption, Title } from '@patternfly/react-core';
import { fetchVersion } from '../api/templates';
import type { ClusterTemplate } from '../api/types';
import { useResource } from '../app/hooks';
import { compareVersions } from '../forms/versionCompare';
import { MergeDiff } from './MergeDiff';
import { MergeLayoutToggle, type MergeLayout } from './MergeLayout';
import { sectionTitle } from './RenderPreview';
import { Loading } from './States';

function title(key: string): string {
  if (key === 'params') return 'Input schema';
  if (key.startsWith('resources/')) return `Resource ${key.slice('resources/'.length)}`;
  return sectionTitle(key);
}

export function VersionCompare({ template }: { template: ClusterTemplate }) {
  const versions = [...template.cluster_template_versions].sort((a, b) => b.number - a.number);
  const [from, setFrom] = useState(versions[1]?.id ?? versions[0]?.id ?? '');
  const [to, setTo] = useState(versions[0]?.id ?? '');
  const [layout, setLayout] = useState<MergeLayout>('split');
  const pair = useResource(
    (signal) => (versions.length < 2 ? Promise.resolve(undefined) : Promise.all([fetchVersion(template.id, from, signal), fetchVersion(template.id, to, signal)])),
    `${template.id}|${from}|${to}`,
  );
  if (versions.length < 2) return null;
  const rows = pair.data ? compareVersions(pair.data[0], pair.data[1]).filter((r) => r.changed) : [];
  const number = (id: string) => versions.find((v) => v.id === id)?.number;
  return (
    <section className="pf-v6-u-mt-lg" aria-labelledby="compare-title">
      <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} className="pf-v6-u-mb-sm">
        <FlexItem>
          <Title headingLevel="h3" size="md" id="compare-title">
            Compare versions
          </Title>
        </FlexItem>
        <FlexItem>
          <FormSelect aria-label="Compare from version" value={from} onChange={(_e, v) => setFrom(v)} className="commander-narrow-select">
            {versions.map((v) => (
              <FormSelectOption key={v.id} value={v.id} label={`Version ${v.number}`} />
            ))}
          </FormSelect>
        </FlexItem>
        <FlexItem>with</FlexItem>
        <FlexItem>
          <FormSelect aria-label="Compare with version" value={to} onChange={(_e, v) => setTo(v)} className="commander-narrow-select">
            {versions.map((v) => (
              <FormSelectOption key={v.id} value={v.id} label={`Version ${v.number}`} />
            ))}
          </FormSelect>
        </FlexItem>
        <FlexItem align={{ default: 'alignRight' }}>
          <MergeLayoutToggle value={layout} onChange={setLayout} />
        </FlexItem>
      </Flex>
      {pair.error ? (
        <Alert variant="danger" isInline isPlain title={`The versions could not be read: ${pair.error}`} />
      ) : pair.data === undefined ? (
        <Loading what="the versions" />
      ) : rows.length === 0 ? (
        <p className="commander-muted">{from === to ? 'The same version on both sides.' : `Versions ${number(from)} and ${number(to)} are the same.`}</p>
      ) : (
        rows.map((r) => (
          <div key={r.key} className="pf-v6-u-mb-md">
            <Title headingLevel="h4" size="md" className="commander-diff-title">
              {title(r.key)}
            </Title>
            <MergeDiff before={r.before} after={r.after} label={`${title(r.key)}: version ${number(from)} against ${number(to)}`} layout={layout} />
          </div>
        ))
      )}
    </section>
  );
}
