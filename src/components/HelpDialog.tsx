import { useEffect, useRef } from 'react';
import { selectHelpOpen } from '../store/selectors';
import { appStore, useApp } from '../store/store';

/** Every keyboard shortcut, as the keyboard handler implements them. */
export const SHORTCUTS: readonly [string, string][] = [
  ['→', 'Step forward'],
  ['←', 'Step back'],
  ['Space', 'Play or pause'],
  ['Home', 'Back to the start'],
  ['End', 'Jump to the end of BPTT'],
  ['?', 'Open this help'],
  ['Esc', 'Close this help'],
];

/** The keyboard help, a modal dialog. */
export function HelpDialog() {
  const open = useApp(selectHelpOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="help-title" onClose={() => appStore.getState().setHelpOpen(false)}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}><th scope="row"><kbd>{key}</kbd></th><td>{what}</td></tr>
          ))}
        </tbody>
      </table>
      <form method="dialog"><button type="submit">Close</button></form>
    </dialog>
  );
}
