// The merge view's layout switch and a lazily loaded merge view: CodeMirror stays out of the main
// bundle (the clusters list loads without it) and comes with the first diff shown.
import { lazy, Suspense } from 'react';
import { ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { Loading } from './States';

export type MergeLayout = 'split' | 'unified';

const LazyMergeDiff = lazy(() => import('./MergeDiff'));

export function MergeDiffLazy(props: { before: string; after: string; label: string; layout: MergeLayout }) {
  return (
    <Suspense fallback={<Loading what="the diff" />}>
      <LazyMergeDiff {...props} />
    </Suspense>
  );
}

/** The switch between the two layouts. */
export function MergeLayoutToggle({ value, onChange }: { value: MergeLayout; onChange: (layout: MergeLayout) => void }) {
  return (
    <ToggleGroup aria-label="Diff layout" isCompact>
      <ToggleGroupItem text="Side by side" buttonId="merge-split" isSelected={value === 'split'} onChange={() => onChange('split')} />
      <ToggleGroupItem text="Unified" buttonId="merge-unified" isSelected={value === 'unified'} onChange={() => onChange('unified')} />
    </ToggleGroup>
  );
}
