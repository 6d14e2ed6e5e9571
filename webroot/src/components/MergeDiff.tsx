// Two texts compared with CodeMirror's merge view: side by side (two read-only editors with the
// changed lines and words marked) or unified (one editor, removed lines shown inline), unchanged runs
// folded away. Used for a cluster's revisions and for two versions of a template.
import { useEffect, useRef } from 'react';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { goTemplate, highlight, theme } from './CodeEditor';

import type { MergeLayout } from './MergeLayout';

const mergeTheme = EditorView.theme({
  '.cm-scroller': { maxHeight: '32rem' },
  '.cm-changedLine, &.cm-merge-b .cm-changedLine, .cm-inlineChangedLine': {
    backgroundColor: 'color-mix(in srgb, var(--pf-t--global--color--status--success--default) 14%, transparent)',
  },
  '&.cm-merge-a .cm-changedLine, .cm-deletedChunk': {
    backgroundColor: 'color-mix(in srgb, var(--pf-t--global--color--status--danger--default) 14%, transparent)',
  },
  '&.cm-merge-b .cm-changedText, .cm-insertedLine .cm-changedText': {
    background: 'color-mix(in srgb, var(--pf-t--global--color--status--success--default) 35%, transparent)',
  },
  '&.cm-merge-a .cm-changedText, .cm-deletedChunk .cm-deletedText': {
    background: 'color-mix(in srgb, var(--pf-t--global--color--status--danger--default) 35%, transparent)',
  },
  '.cm-collapsedLines': {
    color: 'var(--pf-t--global--text--color--subtle)',
    backgroundColor: 'var(--pf-t--global--background--color--secondary--default)',
    background: 'var(--pf-t--global--background--color--secondary--default)',
  },
});

function extensions(label: string): Extension[] {
  return [
    lineNumbers(),
    yaml(),
    goTemplate,
    syntaxHighlighting(highlight),
    theme,
    mergeTheme,
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    // Long lines wrap: side by side, each half is narrow at 1280 px.
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label }),
  ];
}

/** `before` and `after` compared; `label` names the comparison for screen readers (and tests). */
export function MergeDiff({ before, after, label, layout }: { before: string; after: string; label: string; layout: MergeLayout }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // In a shadow root, as the editor: CodeMirror's constructed style sheets pass the CSP there.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.appendChild(parent);
    const collapse = { margin: 3, minSize: 6 };
    let destroy: () => void;
    if (layout === 'split') {
      const view = new MergeView({
        a: { doc: before, extensions: extensions(`${label}, before`) },
        b: { doc: after, extensions: extensions(`${label}, after`) },
        parent,
        root: shadow,
        collapseUnchanged: collapse,
        gutter: true,
      });
      destroy = () => view.destroy();
    } else {
      const view = new EditorView({
        state: EditorState.create({
          doc: after,
          extensions: [extensions(label), unifiedMergeView({ original: before, mergeControls: false, collapseUnchanged: collapse, gutter: true })],
        }),
        parent,
        root: shadow,
      });
      destroy = () => view.destroy();
    }
    return () => {
      destroy();
      parent.remove();
    };
  }, [before, after, label, layout]);
  return <div ref={host} className="commander-merge" data-layout={layout} />;
}

export default MergeDiff;
