import { useId, useState } from 'react';
import type { OptimizerKind } from '../../engine/index';
import { lastOfRunSeries } from '../../graph/charts/index';
import { problemMessages } from '../../i18n/messages/problems';
import { trainingMessages } from '../../i18n/messages/training';
import { useMessages } from '../../i18n/useMessages';
import { selectStacked, selectTraining } from '../../store/selectors';
import { MAX_TRAIN_COUNT, PACES } from '../../store/slices/training';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { NumberField } from '../NumberField';
import { GradientHeatmap } from './GradientHeatmap';
import { RunCurveChart } from './RunCurveChart';

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

/** How fast training goes, and how many iterations "Train N iterations" trains. */
function PaceRow({ t }: { t: ReturnType<typeof selectTraining> }) {
  const id = useId();
  const m = useMessages(trainingMessages);
  const problems = useMessages(problemMessages);
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={id}>{m.pace}</label>
        <select id={id} value={String(t.pace)} onChange={(e) => actions().setPace(PACES.find((p) => String(p) === e.target.value) ?? 'max')}>
          {PACES.map((p) => <option key={p} value={String(p)}>{m.paceOption(p)}</option>)}
        </select>
      </div>
      <NumberField
        label={m.trainCount}
        value={t.trainCount}
        min={1}
        max={MAX_TRAIN_COUNT}
        onCommit={(v) => {
          if (v === null || !Number.isInteger(v) || v < 1 || v > MAX_TRAIN_COUNT) {
            actions().showError(`${m.trainCount}: ${problems.integerRange(1, MAX_TRAIN_COUNT, String(v))}`);
            return false;
          }
          actions().setTrainCount(v);
          return true;
        }}
      />
    </div>
  );
}

/** Train the model in the worker: optimizer, learning rate, clipping, the pace; train, pause, step one iteration, train N. */
export function TrainingPanel() {
  const t = useApp(selectTraining);
  const stacked = useApp(selectStacked);
  const optimizerId = useId();
  const m = useMessages(trainingMessages);
  const running = t.status === 'running';
  const loss = lastOfRunSeries(t.losses);
  const gradNorm = lastOfRunSeries(t.gradNorms);
  const radius = lastOfRunSeries(t.radii);
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
      <PaceRow t={t} />
      <div className="buttons" role="group" aria-label={m.buttons}>
        <button type="button" className="primary" onClick={() => (running ? actions().pauseTraining() : actions().startTraining())}>
          {running ? m.pause : t.iterations > 0 ? m.resume : m.train}
        </button>
        <button type="button" onClick={() => actions().stepIteration()} disabled={running}>{m.stepIteration}</button>
        <button type="button" onClick={() => actions().trainIterations(t.trainCount)} disabled={running}>{m.trainN(t.trainCount)}</button>
      </div>
      <p className="training-status" data-testid="training-status">
        {m.iteration(t.iterations)}
        {loss !== undefined && gradNorm !== undefined && m.lossPart(formatNumber(loss), formatNumber(gradNorm))}
        {m.clippedPart(t.clipped)}
        {radius !== undefined && m.radiusPart(formatNumber(radius))}
        {running && t.budget !== null && m.budgetPart(t.budget)}
      </p>
      {t.fault && <p className="warning" role="alert">{t.fault}</p>}
      {t.losses.length < 2 && <p className="hint">{m.curveHint}</p>}
      <RunCurveChart series={t.losses} what={m.loss} log />
      <RunCurveChart series={t.radii} what={m.radius} />
      <GradientHeatmap rows={t.heatRows} stacked={stacked} />
      <IterationScrubber t={t} />
    </div>
  );
}
