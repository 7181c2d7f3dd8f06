/** The parameters as toggle buttons: choosing one inspects its gradient and per-step contributions. */
import type { Variant } from '../../engine/index';
import { paramNames } from '../../engine/index';
import { appStore } from '../../store/store';

/** Buttons U, W, V, b, c and h0 (not for Jordan), pressed for the selected one. */
export function ParamList({ variant, selected }: { variant: Variant; selected: string | null }) {
  return (
    <div className="param-list" role="group" aria-label="Parameters">
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
