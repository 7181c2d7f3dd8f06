import { useId, useState } from 'react';
import type { Feedback, Variant } from '../engine/index';
import { LIMITS } from '../engine/index';
import { ECHO_MAX_LAG, PRESETS, echoLagOf, echoScene } from '../store/presets';
import type { SceneConfig, SequenceSpec } from '../store/scene';
import { DEFAULT_SCENE, sequenceLength, withLength } from '../store/scene';
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

/** Applies an edit of the scene through the store (refused edits leave everything as it was). */
const edit = (patch: Partial<SceneConfig>): boolean => appStore.getState().editConfig(patch);

/** A text field whose draft stays while the store refuses it, and follows the store otherwise. */
function DraftField(props: { label: string; stored: string; multiline?: boolean; onDraft: (text: string) => void }) {
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
      {props.multiline
        ? <textarea id={id} rows={2} spellCheck={false} value={draft} onChange={(e) => onChange(e.target.value)} />
        : <input id={id} type="text" spellCheck={false} value={draft} onChange={(e) => onChange(e.target.value)} />}
    </div>
  );
}

/** Token ids typed as `0 2 1` (spaces or commas); refused with the first bad entry named. */
function parseIds(field: string, text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const bad = parts.findIndex((p) => !/^\d+$/.test(p));
  if (bad >= 0) {
    appStore.getState().showError(`${field}[${bad}]: expected a non-negative integer, got "${parts[bad]!.slice(0, 20)}"`);
    return null;
  }
  return parts.map(Number);
}

/** The scene's sequence as token lists, taken from the model the current scene builds. */
function asTokens(): SequenceSpec {
  const { model } = appStore.getState();
  const { inputs, targets } = model.sequence;
  const ids = inputs.kind === 'tokens' ? Array.from(inputs.ids) : Array.from({ length: model.sequence.length }, () => 0);
  const ys = model.variant === 'single-output' ? ids.map(() => targets[0]!) : Array.from(targets);
  return { mode: 'tokens', inputs: ids, targets: ys };
}

/** Input and target token lists, edited together: each edit is tried with the other list's draft. */
function TokenLists(props: { inputs: readonly number[]; targets: readonly number[] }) {
  const stored = { inputs: props.inputs.join(' '), targets: props.targets.join(' ') };
  const [drafts, setDrafts] = useState(stored);
  const storedKey = `${stored.inputs}|${stored.targets}`;
  const [shown, setShown] = useState(storedKey);
  if (shown !== storedKey) {
    setShown(storedKey);
    setDrafts(stored);
  }
  const attempt = (next: typeof drafts) => {
    setDrafts(next);
    const inputs = parseIds('sequence.inputs', next.inputs);
    const targets = inputs && parseIds('sequence.targets', next.targets);
    if (inputs && targets) edit({ sequence: { mode: 'tokens', inputs, targets } });
  };
  return (
    <>
      <DraftField label="Input tokens" stored={stored.inputs} onDraft={(inputs) => attempt({ ...drafts, inputs })} />
      <DraftField label="Target tokens" stored={stored.targets} onDraft={(targets) => attempt({ ...drafts, targets })} />
      <p className="hint">Token ids separated by spaces; one target per input (single output: the last target counts).</p>
    </>
  );
}

const SEQUENCE_MODES: readonly ['text' | 'tokens', string][] = [['text', 'Text'], ['tokens', 'Token lists']];

/** The input sequence: text (each character a token, the next one its target) or token lists. */
function SequenceEditor() {
  const config = useApp(selectConfig);
  const sequence = config.sequence;
  return (
    <>
      <RadioGroup
        legend="Sequence as"
        name="sequence-mode"
        options={SEQUENCE_MODES}
        value={sequence.mode}
        onChange={(mode) => edit({ sequence: mode === 'tokens' ? asTokens() : { mode: 'text', text: DEFAULT_SCENE.sequence.mode === 'text' ? DEFAULT_SCENE.sequence.text : '' } })}
      />
      {sequence.mode === 'text' ? (
        <>
          <DraftField label="Input text" multiline stored={sequence.text} onDraft={(text) => edit({ sequence: { mode: 'text', text } })} />
          <p className="hint">Each character is a token; the target at each step is the next character.</p>
        </>
      ) : (
        <TokenLists inputs={sequence.inputs} targets={sequence.targets} />
      )}
    </>
  );
}

/** The echo task's lag, while the scene is that task: moving it loads the task with the new lag. */
function EchoLag({ lag }: { lag: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Echo lag k: y(t) = x(t − {lag})</label>
      <input
        id={id}
        type="range"
        min={0}
        max={ECHO_MAX_LAG}
        step={1}
        value={lag}
        aria-valuetext={`lag ${lag}`}
        onChange={(e) => appStore.getState().replaceConfig(echoScene(Number(e.target.value)))}
      />
      <p className="hint">The network must carry {lag} token{lag === 1 ? '' : 's'} through time; the first {lag} target{lag === 1 ? ' is' : 's are'} class a.</p>
    </div>
  );
}

/** The scene: topology, feedback, sizes, seed, sequence, truncation, presets. */
export function Controls() {
  const config = useApp(selectConfig);
  const presetId = useId();
  const tau = sequenceLength(config);
  const echoLag = echoLagOf(config);
  return (
    <div className="controls">
      <div className="field">
        <label htmlFor={presetId}>Task preset</label>
        <select
          id={presetId}
          value=""
          onChange={(e) => {
            const preset = PRESETS.find((p) => p.id === e.target.value);
            if (preset) appStore.getState().replaceConfig(preset.config);
          }}
        >
          <option value="">Choose a preset…</option>
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      {echoLag !== null && <EchoLag lag={echoLag} />}
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
      {config.recurrence !== undefined && (
        <div className="field">
          <p className="hint">
            W = {config.recurrence} I, set by the preset{config.variant === 'jordan' ? ' (ignored: Jordan\'s W is not square)' : ''}.
          </p>
          <button type="button" onClick={() => { const { recurrence: _drop, ...drawn } = config; appStore.getState().replaceConfig(drawn); }}>
            Draw W from the seed
          </button>
        </div>
      )}
      <SequenceEditor />
    </div>
  );
}
