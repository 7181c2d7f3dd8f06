import { useId, useState } from 'react';
import type { Feedback, Variant } from '../engine/index';
import { LIMITS, VARIANTS, cellOfVariant, feedsBack, takesReadout } from '../engine/index';
import { controlsMessages } from '../i18n/messages/controls';
import { messagesNow, useMessages } from '../i18n/useMessages';
import type { SceneConfig } from '../store/scene';
import { sequenceLength, withLength } from '../store/scene';
import { selectConfig, selectSettingsOpen } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { NumberField } from './NumberField';
import { PresetPicker } from './PresetPicker';
import { problemMessages } from '../i18n/messages/problems';

type Text = typeof controlsMessages.en;
const topologies = (m: Text): readonly [Variant, string][] => VARIANTS.map((v) => [v, m.variantName(v)]);
const readouts = (m: Text): readonly ['every' | 'last', string][] => [['every', m.outputEvery], ['last', m.outputLast]];
const feedbacks = (m: Text): readonly [Feedback, string][] => [['logits', m.logits], ['softmax', m.softmax], ['teacher', m.teacher]];

/** A radio group with a visible legend. */
export function RadioGroup<T extends string>(props: { legend: string; name: string; options: readonly [T, string][]; value: T; disabled?: boolean; onChange: (v: T) => void }) {
  return (
    <fieldset className="radios" disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value}>
          <input type="radio" name={props.name} value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Applies an edit of the scene through the store (refused edits leave everything as it was). */
export const edit = (patch: Partial<SceneConfig>): boolean => appStore.getState().editConfig(patch);

/** A text field whose draft stays while the store refuses it, and follows the store otherwise. */
export function DraftField(props: { label: string; stored: string; onDraft: (text: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(props.stored);
  // A new stored value (a preset, an import, a length change) replaces the draft.
  const [shown, setShown] = useState(props.stored);
  if (shown !== props.stored) {
    setShown(props.stored);
    setDraft(props.stored);
  }
  const onChange = (text: string) => {
    setDraft(text);
    props.onDraft(text);
  };
  return (
    <div className="field wide">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="text" spellCheck={false} value={draft} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** The sequence length, refused unless an integer in range. */
function LengthField() {
  const config = useApp(selectConfig);
  const m = useMessages(controlsMessages);
  return (
    <NumberField
      label={m.length}
      value={sequenceLength(config)}
      min={1}
      max={LIMITS.length}
      onCommit={(v) => {
        const length = v ?? NaN;
        if (!Number.isInteger(length) || length < 1 || length > LIMITS.length) {
          appStore.getState().showError(`sequence length: ${messagesNow(problemMessages).integerRange(1, LIMITS.length, String(v))}`);
          return false;
        }
        return appStore.getState().editConfig(withLength(appStore.getState().config, length));
      }}
    />
  );
}

/**
 * The scene bar, above the graph: the preset, the topology (with Jordan's feedback or the
 * Elman cell's nonlinearity where they apply), the sizes, the input text, and the button that
 * opens the drawer with the rest (SceneSettings).
 */
export function SceneBar() {
  const config = useApp(selectConfig);
  const open = useApp(selectSettingsOpen);
  const m = useMessages(controlsMessages);
  return (
    <div className="scene-bar" role="group" aria-label={m.scene}>
      <PresetPicker />
      <RadioGroup legend={m.topology} name="topology" options={topologies(m)} value={config.variant} onChange={(variant) => edit({ variant })} />
      {feedsBack(config.variant) && (
        <RadioGroup legend={m.feedback} name="feedback" options={feedbacks(m)} value={config.feedback} onChange={(feedback) => edit({ feedback })} />
      )}
      {cellOfVariant(config.variant).takesNonlinearity && (
        <RadioGroup
          legend={m.nonlinearity}
          name="nonlinearity"
          options={[['tanh', 'tanh'], ['relu', 'ReLU']] as const}
          value={config.nonlinearity ?? 'tanh'}
          onChange={(nonlinearity) => edit({ nonlinearity })}
        />
      )}
      {takesReadout(config.variant) && (
        <RadioGroup legend={m.output} name="readout" options={readouts(m)} value={config.readout ?? 'every'} onChange={(readout) => edit({ readout })} />
      )}
      <div className="sizes">
        <NumberField label={m.hidden} value={config.hidden} min={1} max={LIMITS.hidden} onCommit={(v) => edit({ hidden: v ?? NaN })} />
        <LengthField />
      </div>
      {config.sequence.mode === 'text' && (
        <DraftField label={m.inputText} stored={config.sequence.text} onDraft={(text) => edit({ sequence: { mode: 'text', text } })} />
      )}
      <button type="button" className="settings-toggle" aria-expanded={open} aria-controls="scene-settings" onClick={() => appStore.getState().setSettingsOpen(!open)}>
        {m.moreSettings}
      </button>
    </div>
  );
}
