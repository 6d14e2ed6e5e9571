import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorState, Compartment, type Extension } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter, type Diagnostic } from '@codemirror/lint';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

/** Syntax colours from PatternFly's text tokens, so they stay readable in light and dark mode. */
export const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName), t.attributeName], color: 'var(--pf-t--global--text--color--brand--default)' },
  { tag: [t.string, t.special(t.string), t.content], color: 'var(--pf-t--global--text--color--status--success--default)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--pf-t--global--text--color--status--custom--default)' },
  { tag: [t.keyword, t.typeName, t.labelName], color: 'var(--pf-t--global--text--color--status--info--default)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--pf-t--global--text--color--subtle)', fontStyle: 'italic' },
  { tag: [t.meta, t.processingInstruction, t.punctuation, t.separator, t.squareBracket, t.brace], color: 'var(--pf-t--global--text--color--subtle)' },
  { tag: t.invalid, color: 'var(--pf-t--global--text--color--status--danger--default)' },
]);

export interface LineProblem {
  /** 1-based; 0 or missing puts it on the first line. */
  line?: number | null;
  message: string;
}

/** Go template actions ({{ ... }}) stand out inside the YAML. */
const goActions = new MatchDecorator({ regexp: /\{\{-?[\s\S]*?-?\}\}/g, decoration: Decoration.mark({ class: 'cm-go-action' }) });
export const goTemplate = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = goActions.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = goActions.updateDeco(update, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);

export const theme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--pf-t--global--background--color--primary--default)',
    color: 'var(--pf-t--global--text--color--regular)',
    border: 'var(--pf-t--global--border--width--regular) solid var(--pf-t--global--border--color--default)',
    borderRadius: 'var(--pf-t--global--border--radius--small)',
    fontSize: 'var(--pf-t--global--font--size--sm)',
  },
  '&.cm-focused': { outline: '2px solid var(--pf-t--global--border--color--clicked)' },
  '.cm-content': { fontFamily: 'var(--pf-t--global--font--family--mono)', caretColor: 'var(--pf-t--global--text--color--regular)' },
  '.cm-gutters': {
    backgroundColor: 'var(--pf-t--global--background--color--secondary--default)',
    color: 'var(--pf-t--global--text--color--subtle)',
    borderRight: 'var(--pf-t--global--border--width--regular) solid var(--pf-t--global--border--color--default)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--pf-t--global--color--brand--default) 8%, transparent)' },
  '.cm-cursor': { borderLeftColor: 'var(--pf-t--global--text--color--regular)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--pf-t--global--color--brand--default) 30%, transparent)' },
  '.cm-go-action, .cm-go-action *': { color: 'var(--pf-t--global--text--color--status--warning--default)', fontWeight: '600' },
  '.cm-tooltip': { backgroundColor: 'var(--pf-t--global--background--color--floating--default)', color: 'var(--pf-t--global--text--color--regular)' },
  '.cm-panels': { backgroundColor: 'var(--pf-t--global--background--color--secondary--default)', color: 'var(--pf-t--global--text--color--regular)' },
});

function diagnostics(state: EditorState, problems: LineProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const n = Math.min(Math.max(1, p.line ?? 1), state.doc.lines);
    const line = state.doc.line(n);
    return { from: line.from, to: line.to, severity: 'error', message: p.message };
  });
}

/** A CodeMirror 6 editor for YAML templates or JSON, with problems marked at their line. */
export function CodeEditor({ value, onChange, language, label, problems = [], minHeight = '18rem', readOnly = false }: {
  value: string;
  onChange?: (value: string) => void;
  language: 'yaml' | 'json';
  label: string;
  problems?: LineProblem[];
  minHeight?: string;
  readOnly?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const editable = useRef(new Compartment());

  useEffect(() => {
    const extensions: Extension[] = [
      basicSetup,
      language === 'yaml' ? [yaml(), goTemplate] : json(),
      lintGutter(),
      syntaxHighlighting(highlight),
      theme,
      EditorView.theme({ '.cm-scroller': { minHeight, maxHeight: '36rem' } }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
      }),
    ];
    // The editor lives in a shadow root: CodeMirror then styles it with constructed style sheets, which
    // the console's Content-Security-Policy (no inline <style>) allows. PatternFly's custom properties
    // still reach it, so it follows the theme.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.appendChild(parent);
    const v = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent, root: shadow });
    view.current = v;
    return () => {
      v.destroy();
      parent.remove();
      view.current = null;
    };
    // One editor per mount; value and problems are pushed in below.
  }, [language, label]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v.state, problems)));
  }, [JSON.stringify(problems), value]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  return <div ref={host} className="commander-editor" />;
}

export default CodeEditor;
