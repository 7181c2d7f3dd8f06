/**
 * The Generate panel: run the network free (section 10.2.1) from a prompt, at a temperature or
 * greedily, seeded. Generate replaces the scene with the sampled sequence (Undo in the notice,
 * or Back here, brings the one before); a model that cannot be sampled is refused in words and
 * the scene stays.
 */
import { useId } from 'react';
import { LIMITS, MAX_TEMPERATURE, MIN_TEMPERATURE } from '../../engine/index';
import { sampleMessages } from '../../i18n/messages/sample';
import { messagesNow, useMessages } from '../../i18n/useMessages';
import { canUndoSample, startSample, TEMPERATURE_SLIDER, undoSample } from '../../store/sampling';
import type { SampleSettings } from '../../store/sampling';
import { selectSampleSettings, selectTau } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { NumberField } from '../NumberField';

const set = (patch: Partial<SampleSettings>): void => appStore.getState().setSampleSettings(patch);

/** Generates with the settings; the notice offers Undo, the refusal is shown as the problem. */
function generate(): void {
  const settings = appStore.getState().sampleSettings;
  const result = startSample(appStore, settings);
  const m = messagesNow(sampleMessages);
  if ('refused' in result) {
    appStore.getState().showError(result.refused);
    return;
  }
  appStore.getState().showNotice(m.generated(settings.length, settings.prompt + 1), {
    label: m.undo,
    run: () => {
      undoSample(appStore, result);
      appStore.getState().showNotice(messagesNow(sampleMessages).undone);
    },
  });
}

/** Goes back to the scene the last Generate replaced. */
function back(): void {
  const before = appStore.getState().beforeSample;
  if (!before) return;
  undoSample(appStore, before);
  appStore.getState().showNotice(messagesNow(sampleMessages).undone);
}

/** An integer setting: committed when in range, else refused with its range named. */
function IntegerSetting({ label, value, min, max, onValue, refusal }: {
  label: string; value: number; min: number; max: number; onValue: (v: number) => void;
  /** The refusal of a value out of range, in words. */
  refusal: (got: string) => string;
}) {
  return (
    <NumberField
      label={label}
      value={value}
      min={min}
      max={max}
      onCommit={(v) => {
        if (v === null || !Number.isInteger(v) || v < min || v > max) {
          appStore.getState().showError(refusal(String(v)));
          return false;
        }
        onValue(v);
        return true;
      }}
    />
  );
}

export function SamplePanel() {
  const m = useMessages(sampleMessages);
  const s = useApp(selectSampleSettings);
  const tau = useApp(selectTau);
  const undoable = useApp(canUndoSample);
  const temperatureId = useId();
  const greedyId = useId();
  return (
    <div className="sample-panel" data-testid="sample-panel">
      <p className="hint">{m.intro}</p>
      <div className="row">
        <IntegerSetting label={m.prompt} value={s.prompt} min={1} max={Math.max(1, tau)} onValue={(prompt) => set({ prompt })} refusal={(got) => m.problemPrompt(Math.max(1, tau), got)} />
        <IntegerSetting label={m.length} value={s.length} min={1} max={LIMITS.length - 1} onValue={(length) => set({ length })} refusal={(got) => m.problemLength(LIMITS.length - 1, got)} />
        <div className="field">
          <label htmlFor={temperatureId}>{m.temperature}</label>
          <div className="range-with-value">
            <input
              id={temperatureId}
              type="range"
              min={TEMPERATURE_SLIDER.min}
              max={TEMPERATURE_SLIDER.max}
              step={TEMPERATURE_SLIDER.step}
              value={Math.min(TEMPERATURE_SLIDER.max, Math.max(TEMPERATURE_SLIDER.min, s.temperature))}
              disabled={s.greedy}
              aria-valuetext={`T = ${formatNumber(s.temperature)}`}
              onChange={(e) => {
                const T = Number(e.target.value);
                if (Number.isFinite(T) && T >= MIN_TEMPERATURE && T <= MAX_TEMPERATURE) set({ temperature: T });
              }}
            />
            <output htmlFor={temperatureId}>{s.greedy ? '—' : formatNumber(s.temperature)}</output>
          </div>
        </div>
        <div className="field checkbox">
          <input id={greedyId} type="checkbox" checked={s.greedy} onChange={(e) => set({ greedy: e.target.checked })} />
          <label htmlFor={greedyId}>{m.greedy}</label>
        </div>
        <IntegerSetting label={m.seed} value={s.seed} min={0} max={2 ** 32 - 1} onValue={(seed) => set({ seed })} refusal={(got) => m.problemSeed(got)} />
      </div>
      <div className="buttons">
        <button type="button" className="primary" onClick={generate}>{m.generate}</button>
        {undoable && <button type="button" onClick={back}>{m.back}</button>}
      </div>
    </div>
  );
}
