/** The task presets: a menu that loads one, and shows by name the preset the scene is while it still is one. */
import { useId } from 'react';
import { controlsMessages } from '../i18n/messages/controls';
import { useMessages } from '../i18n/useMessages';
import { PRESETS } from '../store/presets';
import { selectActivePreset, selectLanguage } from '../store/selectors';
import { appStore, useApp } from '../store/store';

/** Loads a preset's scene, and its training settings when it has them. */
function choose(id: string): void {
  const preset = PRESETS.find((p) => p.id === id);
  if (preset && appStore.getState().replaceConfig(preset.config) && preset.training) appStore.getState().setTrainingSettings(preset.training);
}

export function PresetPicker() {
  const language = useApp(selectLanguage);
  const active = useApp(selectActivePreset);
  const m = useMessages(controlsMessages);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{m.preset}</label>
      <select id={id} value={active?.preset.id ?? ''} onChange={(e) => choose(e.target.value)}>
        <option value="">{m.choosePreset}</option>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id} title={p.description[language]}>{(p === active?.preset ? active.name : p.name)[language]}</option>
        ))}
      </select>
    </div>
  );
}
