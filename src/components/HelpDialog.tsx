import { useEffect, useRef } from 'react';
import { helpMessages } from '../i18n/messages/help';
import { useMessages } from '../i18n/useMessages';
import { selectHelpOpen } from '../store/selectors';
import { appStore, useApp } from '../store/store';

/** Every keyboard shortcut, as the keyboard handler implements them: the key and what it does. */
export function shortcuts(m: typeof helpMessages.en): readonly (readonly [key: string, what: string])[] {
  return [
    ['→', m.stepForward],
    ['←', m.stepBack],
    [m.space, m.playPause],
    ['Home', m.home],
    ['End', m.end],
    ['?', m.open],
    ['Esc', m.closeHelp],
  ];
}

/** The keyboard help, a modal dialog. */
export function HelpDialog() {
  const open = useApp(selectHelpOpen);
  const m = useMessages(helpMessages);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="help-title" onClose={() => appStore.getState().setHelpOpen(false)}>
      <h2 id="help-title">{m.title}</h2>
      <table>
        <tbody>
          {shortcuts(m).map(([key, what]) => (
            <tr key={what}><th scope="row"><kbd>{key}</kbd></th><td>{what}</td></tr>
          ))}
        </tbody>
      </table>
      <form method="dialog"><button type="submit">{m.close}</button></form>
    </dialog>
  );
}
