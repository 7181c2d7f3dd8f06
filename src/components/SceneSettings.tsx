/** The drawer of the scene's other settings, a chunk of its own (closed at first): layers and directions, seed, truncation, the sequence, the echo's lag, a fixed W. */
import { useId, useState } from 'react';
import { LIMITS, MAX_LAYERS, feedsBack, readsOutAtEnd } from '../engine/index';
import { controlsMessages } from '../i18n/messages/controls';
import { messagesNow, useMessages } from '../i18n/useMessages';
import { ECHO_MAX_LAG, echoLagOf, echoScene } from '../store/presets';
import type { SceneConfig, SequenceSpec } from '../store/scene';
import { DEFAULT_SCENE } from '../store/scene';
import { selectConfig, selectSettingsOpen } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { NumberField } from './NumberField';
import { problemMessages } from '../i18n/messages/problems';
import { DraftField, RadioGroup, edit } from './Controls';

/** Token ids typed as `0 2 1` (spaces or commas); refused with the first bad entry named. */
function parseIds(field: string, text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const bad = parts.findIndex((p) => !/^\d+$/.test(p));
  if (bad >= 0) {
    appStore.getState().showError(`${field}[${bad}]: ${messagesNow(problemMessages).notNonNegative(parts[bad]!.slice(0, 20))}`);
    return null;
  }
  return parts.map(Number);
}

/** The scene's sequence as token lists, taken from the model the current scene builds. */
function asTokens(): SequenceSpec {
  const { model } = appStore.getState();
  const { inputs, targets } = model.sequence;
  const ids = inputs.kind === 'tokens' ? Array.from(inputs.ids) : Array.from({ length: model.sequence.length }, () => 0);
  const ys = readsOutAtEnd(model) ? ids.map(() => targets[0]!) : Array.from(targets);
  return { mode: 'tokens', inputs: ids, targets: ys };
}

/** Input and target token lists, edited together: each edit is tried with the other list's draft. */
function TokenLists(props: { inputs: readonly number[]; targets: readonly number[] }) {
  const m = useMessages(controlsMessages);
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
      <DraftField label={m.inputTokens} stored={stored.inputs} onDraft={(inputs) => attempt({ ...drafts, inputs })} />
      <DraftField label={m.targetTokens} stored={stored.targets} onDraft={(targets) => attempt({ ...drafts, targets })} />
      <p className="hint">{m.tokensHint}</p>
    </>
  );
}

/** The input sequence: text (each character a token, the next one its target) or token lists. */
function SequenceEditor() {
  const config = useApp(selectConfig);
  const m = useMessages(controlsMessages);
  const sequence = config.sequence;
  return (
    <>
      <RadioGroup
        legend={m.sequenceAs}
        name="sequence-mode"
        options={[['text', m.text], ['tokens', m.tokens]]}
        value={sequence.mode}
        onChange={(mode) => edit({ sequence: mode === 'tokens' ? asTokens() : { mode: 'text', text: DEFAULT_SCENE.sequence.mode === 'text' ? DEFAULT_SCENE.sequence.text : '' } })}
      />
      {sequence.mode === 'text' ? <p className="hint">{m.textHint}</p> : <TokenLists inputs={sequence.inputs} targets={sequence.targets} />}
    </>
  );
}

/** The echo task's lag, while the scene is that task: moving it loads the task with the new lag. */
function EchoLag({ lag }: { lag: number }) {
  const id = useId();
  const m = useMessages(controlsMessages);
  return (
    <div className="field">
      <label htmlFor={id}>{m.echoLag(lag)}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={ECHO_MAX_LAG}
        step={1}
        value={lag}
        aria-valuetext={m.echoValue(lag)}
        onChange={(e) => appStore.getState().replaceConfig(echoScene(Number(e.target.value)))}
      />
      <p className="hint">{m.echoHint(lag)}</p>
    </div>
  );
}


/** The scene with `layers` and `bidirectional` (one layer and one direction written as nothing; anything else goes to buildModel, which names a bad count). */
function withStack(config: SceneConfig, layers: number, bidirectional: boolean): SceneConfig {
  const { layers: _layers, bidirectional: _bidirectional, ...rest } = config;
  return { ...rest, ...(layers !== 1 ? { layers } : {}), ...(bidirectional ? { bidirectional: true } : {}) };
}

/** Depth and direction (sections 10.3 and 10.5): how many layers, and whether each runs both ways; not for Jordan. */
function StackFields({ config }: { readonly config: SceneConfig }) {
  const m = useMessages(controlsMessages);
  const replace = (next: SceneConfig) => appStore.getState().replaceConfig(next);
  if (feedsBack(config.variant)) return <p className="hint">{m.noStack}</p>;
  const layers = config.layers ?? 1;
  const bidirectional = config.bidirectional === true;
  return (
    <div className="row">
      <NumberField label={m.layers} value={layers} min={1} max={MAX_LAYERS} onCommit={(v) => replace(withStack(config, v ?? NaN, bidirectional))} />
      <label className="field inline check">
        <input type="checkbox" checked={bidirectional} onChange={(e) => replace(withStack(config, layers, e.target.checked))} />
        {m.bidirectional}
      </label>
    </div>
  );
}

/** The drawer of the scene's other settings: layers and directions, seed, truncation, the sequence's form and token lists, the echo's lag, a fixed W. */
export function SceneSettings() {
  const config = useApp(selectConfig);
  const open = useApp(selectSettingsOpen);
  const m = useMessages(controlsMessages);
  const echoLag = echoLagOf(config);
  return (
    <section id="scene-settings" className="scene-settings panel" aria-label={m.settings} hidden={!open}>
      <div className="settings-head">
        <h2>{m.settings}</h2>
        <button type="button" onClick={() => appStore.getState().setSettingsOpen(false)}>{m.closeSettings}</button>
      </div>
      <div className="controls">
        {echoLag !== null && <EchoLag lag={echoLag} />}
        <StackFields config={config} />
        <div className="row">
          <NumberField label={m.seed} value={config.seed} min={0} max={2 ** 32 - 1} onCommit={(v) => edit({ seed: v ?? NaN })} />
          <NumberField
            label={m.truncation}
            value={config.truncation}
            min={1}
            max={LIMITS.length}
            emptyMeans={m.truncationOff}
            onCommit={(v) => edit({ truncation: v })}
          />
        </div>
        {config.recurrence !== undefined && (
          <div className="field">
            <p className="hint">{feedsBack(config.variant) ? m.recurrenceIgnored(config.recurrence) : m.recurrence(config.recurrence)}</p>
            <button type="button" onClick={() => { const { recurrence: _drop, ...drawn } = config; appStore.getState().replaceConfig(drawn); }}>
              {m.drawW}
            </button>
          </div>
        )}
        <SequenceEditor />
      </div>
    </section>
  );
}
