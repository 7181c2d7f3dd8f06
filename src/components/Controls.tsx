import { useId, useState } from 'react';
import type { Feedback, Variant } from '../engine/index';
import { LIMITS } from '../engine/index';
import { PRESETS } from '../store/presets';
import { sequenceLength, withLength } from '../store/scene';
import { selectConfig } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { NumberField } from './NumberField';

const TOPOLOGIES: readonly [Variant, string][] = [['elman', 'Elman'], ['jordan', 'Jordan'], ['single-output', 'Single output']];
const FEEDBACKS: readonly [Feedback, string][] = [['logits', 'Logits'], ['softmax', 'Softmax'], ['teacher', 'Teacher forcing']];

/** A radio group with a visible legend. */
function RadioGroup<T extends string>(props: { legend: string; name: string; options: readonly [T, string][]; value: T; disabled?: boolean; onChange: (v: T) => void }) {
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

const edit = (patch: Parameters<ReturnType<typeof appStore.getState>['editConfig']>[0]): boolean => appStore.getState().editConfig(patch);

/** The input sequence as text; the user's draft stays while it is refused. */
function SequenceText() {
  const config = useApp(selectConfig);
  const id = useId();
  const stored = config.sequence.mode === 'text' ? config.sequence.text : '';
  const [draft, setDraft] = useState(stored);
  // A new stored text (a preset, an import, a length change) replaces the draft.
  const [shown, setShown] = useState(stored);
  if (shown !== stored) {
    setShown(stored);
    setDraft(stored);
  }
  if (config.sequence.mode !== 'text') {
    return (
      <div className="field">
        <span className="label">Input sequence</span>
        <p className="hint">Token lists from an imported model: inputs {config.sequence.inputs.join(' ')}; targets {config.sequence.targets.join(' ')}.</p>
        <button type="button" onClick={() => edit({ sequence: { mode: 'text', text: 'hello world' } })}>Use text instead</button>
      </div>
    );
  }
  return (
    <div className="field wide">
      <label htmlFor={id}>Input text</label>
      <textarea
        id={id}
        rows={2}
        spellCheck={false}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          edit({ sequence: { mode: 'text', text: e.target.value } });
        }}
      />
      <p className="hint">Each character is a token; the target at each step is the next character.</p>
    </div>
  );
}

/** The scene: topology, feedback, sizes, seed, sequence, truncation, presets. */
export function Controls() {
  const config = useApp(selectConfig);
  const presetId = useId();
  const tau = sequenceLength(config);
  return (
    <div className="controls">
      <div className="field">
        <label htmlFor={presetId}>Task preset</label>
        <select
          id={presetId}
          value=""
          onChange={(e) => {
            const preset = PRESETS.find((p) => p.id === e.target.value);
            if (preset) appStore.getState().editConfig(preset.config);
          }}
        >
          <option value="">Choose a preset…</option>
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      <RadioGroup legend="Topology" name="topology" options={TOPOLOGIES} value={config.variant} onChange={(variant) => edit({ variant })} />
      <RadioGroup
        legend="Jordan feedback"
        name="feedback"
        options={FEEDBACKS}
        value={config.feedback}
        disabled={config.variant !== 'jordan'}
        onChange={(feedback) => edit({ feedback })}
      />
      <div className="row">
        <NumberField label="Hidden size" value={config.hidden} min={1} max={LIMITS.hidden} onCommit={(v) => edit({ hidden: v ?? NaN })} />
        <NumberField
          label="Sequence length"
          value={tau}
          min={1}
          max={LIMITS.length}
          onCommit={(v) => {
            const length = v ?? NaN;
            if (!Number.isInteger(length) || length < 1 || length > LIMITS.length) {
              appStore.getState().showError(`sequence length: expected an integer in 1..${LIMITS.length}, got ${String(v)}`);
              return false;
            }
            return appStore.getState().editConfig(withLength(appStore.getState().config, length));
          }}
        />
        <NumberField label="Seed" value={config.seed} min={0} max={2 ** 32 - 1} onCommit={(v) => edit({ seed: v ?? NaN })} />
        <NumberField
          label="Truncation window"
          value={config.truncation}
          min={1}
          max={LIMITS.length}
          emptyMeans="off (full BPTT)"
          onCommit={(v) => edit({ truncation: v })}
        />
      </div>
      <SequenceText />
    </div>
  );
}
