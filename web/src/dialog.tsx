// A modal dialog on the native <dialog> element: focus moves in, Escape closes,
// and its heading is its accessible name.
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={id} className={props.wide ? 'wide' : undefined} onCancel={(e) => (e.preventDefault(), props.onClose())}>
      <header className="dialog-head">
        <h2 id={id}>{props.title}</h2>
        <button type="button" className="plain" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>
  );
}
