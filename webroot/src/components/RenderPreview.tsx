import { useEffect, useRef, useState } from 'react';
import { Alert, Card, CardBody, CardTitle, CodeBlock, CodeBlockCode, ExpandableSection, Flex, FlexItem, Label, Spinner } from '@patternfly/react-core';
import { errorMessage } from '../api/client';
import type { RenderResult } from '../api/types';

const SECTION_TITLES: Record<string, string> = {
  kubernetes: 'Kubernetes (ClusterConfiguration)',
  placement: 'Placement',
  ssh: 'SSH',
  installation: 'Installation',
  primary_resources: 'Primary resources',
};

export function sectionTitle(key: string): string {
  if (key.startsWith('resources/')) return `Resources: ${key.slice('resources/'.length)}`;
  return SECTION_TITLES[key] ?? key;
}

export interface Preview {
  result: RenderResult | undefined;
  error: string | null;
  loading: boolean;
}

/** Renders with `render` a moment after the inputs stop changing; older answers are dropped. */
export function useDebouncedRender(render: ((signal: AbortSignal) => Promise<RenderResult>) | null, key: string, delayMs = 400): Preview {
  const [result, setResult] = useState<RenderResult | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const renderRef = useRef(render);
  renderRef.current = render;
  useEffect(() => {
    if (!renderRef.current) {
      setResult(undefined);
      return undefined;
    }
    const abort = new AbortController();
    setLoading(true);
    const timer = window.setTimeout(() => {
      renderRef.current?.(abort.signal)
        .then((r) => {
          setResult(r);
          setError(null);
        })
        .catch((e) => {
          if (!abort.signal.aborted) setError(errorMessage(e));
        })
        .finally(() => {
          if (!abort.signal.aborted) setLoading(false);
        });
    }, delayMs);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [key, delayMs]);
  return { result, error, loading };
}

function PreviewSection({ name, text, initiallyOpen }: { name: string; text: string; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <ExpandableSection toggleText={sectionTitle(name)} isExpanded={open} onToggle={(_e, v) => setOpen(v)} className="commander-preview__section">
      <CodeBlock>
        <CodeBlockCode className="commander-preview__code">{text}</CodeBlockCode>
      </CodeBlock>
    </ExpandableSection>
  );
}

/** The rendered sections of a live preview, with the problems that belong to no field. */
export function RenderPreview({ preview, otherErrors, title = 'Rendered configuration' }: { preview: Preview; otherErrors: string[]; title?: string }) {
  const { result, error, loading } = preview;
  const sections = Object.entries(result?.sections ?? {}).filter(([, text]) => text && text.trim() !== '');
  return (
    <Card className="commander-preview" isCompact>
      <CardTitle>
        <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
          <FlexItem>{title}</FlexItem>
          <FlexItem>
            {loading ? (
              <Spinner size="sm" aria-label="Rendering" />
            ) : result ? (
              result.valid ? (
                <Label color="green" isCompact>
                  valid
                </Label>
              ) : (
                <Label color="red" isCompact>
                  {result.errors.length} problem{result.errors.length === 1 ? '' : 's'}
                </Label>
              )
            ) : null}
          </FlexItem>
        </Flex>
      </CardTitle>
      <CardBody>
        {error ? <Alert variant="warning" isInline isPlain title={`The preview failed: ${error}`} className="pf-v6-u-mb-sm" /> : null}
        {otherErrors.length > 0 ? (
          <Alert variant="danger" isInline isPlain title="Problems of the rendered configuration" className="pf-v6-u-mb-sm">
            <ul className="commander-errors">
              {otherErrors.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {result === undefined && !error ? <p className="commander-muted">The rendered documents appear here as you fill the form.</p> : null}
        {result !== undefined && sections.length === 0 ? <p className="commander-muted">Nothing rendered.</p> : null}
        {sections.map(([key, text], i) => (
          <PreviewSection key={key} name={key} text={text} initiallyOpen={i < 2} />
        ))}
      </CardBody>
    </Card>
  );
}
