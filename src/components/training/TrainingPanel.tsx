import { useId, useState } from 'react';
import type { OptimizerKind } from '../../engine/index';
import { trainingMessages } from '../../i18n/messages/training';
import { useMessages } from '../../i18n/useMessages';
import { selectTraining } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { GradientHeatmap } from './GradientHeatmap';

const actions = () => appStore.getState();

/** A positive number field (empty allowed when `optional`); the draft stays while it is not valid. */
function PositiveField(props: { label: string; value: number | null; optional?: string; onCommit: (v: number | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(props.value === null ? '' : String(props.value));
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    setShown(props.value);
    setDraft(props.value === null ? '' : String(props.value));
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        step="any"
        min={0}
        value={draft}
        placeholder={props.optional}
        onChange={(e) => {
          setDraft(e.target.value);
          const raw = e.target.value.trim();
          if (raw === '' && props.optional !== undefined) props.onCommit(null);
          else if (raw !== '' && Number(raw) > 0 && Number.isFinite(Number(raw))) props.onCommit(Number(raw));
        }}
      />
    </div>
  );
}

/** A series over training as a small line chart, e.g. the loss per iteration. */
function Curve({ values, what, log = false }: { values: readonly number[]; what: string; log?: boolean }) {
  const m = useMessages(trainingMessages);
  const width = 320;
  const height = 70;
  if (values.length < 2) return null;
  const max = Math.max(...values);
  const min = Math.min(...values);
  // A log scale where asked and every value is positive (a loss spans decades as it falls).
  const useLog = log && min > 0;
  const y = (v: number) => (useLog ? Math.log10(v) : v);
  const span = y(max) - y(min) || 1;
  const points = values.map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${(height - ((y(v) - y(min)) / span) * height).toFixed(1)}`).join(' ');
  const label = (useLog ? m.curveLog : m.curve)(what, values.length, formatNumber(values[0]!), formatNumber(values.at(-1)!));
  return (
    <figure className="curve">
      <svg className="loss-curve" viewBox={`0 -4 ${width} ${height + 8}`} role="img" aria-label={label}>
        <polyline points={points} />
      </svg>
      <figcaption>{m.curveRange(label, formatNumber(min), formatNumber(max))}</figcaption>
    </figure>
  );
}

/** Scrubbing back through the iterations: the models kept after each batch. */
function IterationScrubber({ t }: { t: ReturnType<typeof selectTraining> }) {
  const id = useId();
  const m = useMessages(trainingMessages);
  if (t.history.length < 2) return null;
  const shown = t.viewing ?? t.history.at(-1)!.iteration;
  const index = Math.max(0, t.history.findIndex((h) => h.iteration === shown));
  return (
    <div className="field">
      <label htmlFor={id}>{m.iterationShown}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={t.history.length - 1}
        step={1}
        value={index}
        aria-valuetext={m.iterationValue(shown)}
        onChange={(e) => actions().viewIteration(Number(e.target.value))}
      />
      <p className="hint" data-testid="iteration-shown">
        {t.viewing === null ? m.showingLatest(shown, t.history.length) : m.showingEarlier(shown, t.iterations, t.history.length)}
      </p>
    </div>
  );
}

/** Train the model in the worker: optimizer, learning rate, clipping, train, pause, one iteration. */
export function TrainingPanel() {
  const t = useApp(selectTraining);
  const optimizerId = useId();
  const m = useMessages(trainingMessages);
  const running = t.status === 'running';
  return (
    <div className="training">
      <div className="row">
        <div className="field">
          <label htmlFor={optimizerId}>{m.optimizer}</label>
          <select id={optimizerId} value={t.optimizer} onChange={(e) => actions().setTrainingSettings({ optimizer: e.target.value as OptimizerKind })}>
            <option value="sgd">{m.sgd}</option>
            <option value="adam">{m.adam}</option>
          </select>
        </div>
        <PositiveField label={m.learningRate} value={t.learningRate} onCommit={(v) => { if (v !== null) actions().setTrainingSettings({ learningRate: v }); }} />
        <PositiveField label={m.clip} value={t.clipNorm} optional={m.clipOff} onCommit={(v) => actions().setTrainingSettings({ clipNorm: v })} />
      </div>
      <div className="buttons" role="group" aria-label={m.buttons}>
        <button type="button" className="primary" onClick={() => (running ? actions().pauseTraining() : actions().startTraining())}>
          {running ? m.pause : t.iterations > 0 ? m.resume : m.train}
        </button>
        <button type="button" onClick={() => actions().stepIteration()} disabled={running}>{m.oneIteration}</button>
      </div>
      <p className="training-status" data-testid="training-status">
        {m.iteration(t.iterations)}
        {t.losses.length > 0 && m.lossPart(formatNumber(t.losses.at(-1)!), formatNumber(t.gradNorms.at(-1)!))}
        {m.clippedPart(t.clipped)}
        {t.radii.length > 0 && m.radiusPart(formatNumber(t.radii.at(-1)!))}
      </p>
      {t.fault && <p className="warning" role="alert">{t.fault}</p>}
      {t.losses.length < 2 && <p className="hint">{m.curveHint}</p>}
      <Curve values={t.losses} what={m.loss} log />
      <Curve values={t.radii} what={m.radius} />
      <GradientHeatmap rows={t.heatRows} />
      <IterationScrubber t={t} />
    </div>
  );
}
