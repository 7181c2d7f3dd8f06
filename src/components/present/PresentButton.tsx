import { presentMessages } from '../../i18n/messages/present';
import { useMessages } from '../../i18n/useMessages';
import { selectPresenting } from '../../store/slices/mode';
import { appStore, useApp } from '../../store/store';

/** Enters presentation mode, or leaves it: in the transport row, so that it is there in every mode. */
export function PresentButton() {
  const presenting = useApp(selectPresenting);
  const m = useMessages(presentMessages);
  return (
    <button
      type="button"
      className="present-toggle"
      data-testid="present"
      aria-pressed={presenting}
      title={presenting ? m.keys : m.presentTitle}
      onClick={() => appStore.getState().setPresenting(!presenting)}
    >
      {presenting ? m.leave : m.present}
    </button>
  );
}
