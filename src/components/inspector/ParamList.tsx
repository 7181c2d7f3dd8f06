/** The parameters as toggle buttons: choosing one inspects its gradient and per-step contributions. */
import type { Variant } from '../../engine/index';
import { paramNames } from '../../engine/index';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { appStore } from '../../store/store';

/** Buttons U, W, V, b, c and h0 (not for Jordan), pressed for the selected one. */
export function ParamList({ variant, selected }: { variant: Variant; selected: string | null }) {
  const m = useMessages(inspectorMessages);
  return (
    <div className="param-list" role="group" aria-label={m.parameters}>
      {paramNames(variant).map((name) => (
        <button
          key={name} type="button" aria-pressed={selected === name}
          onClick={() => appStore.getState().select(selected === name ? null : name)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
