// A CodeMirror 6 editor (JavaScript or JSON) with one optional highlighted line:
// the line a script error names.
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

const setErrorLine = StateEffect.define<number | null>();

const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(setErrorLine)) {
        if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) return Decoration.none;
        const line = tr.state.doc.line(e.value);
        return Decoration.set([Decoration.line({ class: 'cm-error-line', attributes: { 'aria-invalid': 'true', title: 'the error is on this line' } }).range(line.from)]);
      }
    }
    return tr.docChanged ? Decoration.none : deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

interface Props {
  value: string;
  onChange: (v: string) => void;
  language: 'javascript' | 'json';
  label: string;
  errorLine?: number | null;
  /** Ctrl/Cmd-Enter. */
  onRun?: () => void;
  minHeight?: string;
}

export function CodeEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: props.value,
      extensions: [
        keymap.of([{ key: 'Mod-Enter', run: () => (latest.current.onRun?.(), true) }]),
        basicSetup,
        props.language === 'json' ? json() : javascript(),
        errorLine,
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
        EditorView.theme({ '&': { minHeight: props.minHeight ?? '6em' }, '.cm-scroller': { minHeight: props.minHeight ?? '6em' } }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Outside changes (an example picked, history) replace the text.
  useEffect(() => {
    const v = view.current!;
    if (v.state.doc.toString() !== props.value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    view.current!.dispatch({ effects: setErrorLine.of(props.errorLine ?? null) });
  }, [props.errorLine]);

  return <div className="code-editor" ref={host} />;
}
