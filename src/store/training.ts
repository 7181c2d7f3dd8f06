/**
 * Training as a store effect: while the run is on (or single iterations are asked for), send the
 * worker one batch of iterations at a time, and take back the
 * parameters (transferred Float64Arrays, a new version of the scene: nothing is parsed) with
 * their trace and the reports. The main thread steps through the trace meanwhile: the UI stays
 * live. Each answer also brings the trainer's state; when the worker is lost (a crash, a hang),
 * the next batch starts a new worker's trainer from the latest one, and the run goes on where it was.
 *
 * The pace is kept here, in one place: as fast as possible, batches sized to take about 30 ms go
 * back to back; at p iterations a second, each batch is one iteration, sent no sooner than 1/p s
 * after the one before (one timer, waiting; the worker is idle meanwhile), so each iteration's
 * model reaches the page. A pace the worker cannot keep up with becomes as fast as it answers.
 */
import type { StepReport } from '../engine/index';
import { noticeMessages } from '../i18n/messages/notices';
import { describeTrainFault } from '../engine/index';
import type { PassSize } from '../worker/allowance';
import { passAllowanceMs, passSizeOfModel } from '../worker/allowance';
import { StaleError, WorkerFailure } from '../worker/client';
import type { EngineClient } from '../worker/client';
import { UNKNOWN_RUN, modelKey } from '../worker/protocol';
import type { TrainAnswer, TrainedTrace } from '../worker/protocol';
import { modelArgOf } from './modelArg';
import { nextVersion } from './slices/model';
import { appendRunSeries } from '../graph/charts/runSeries';
import { HEATMAP_ROWS, historyCapacity } from './slices/training';
import type { AppStore } from './store';

/** Wall time one batch aims for. */
const BATCH_MS = 30;

let runs = 0;

/** How many iterations fit in a batch: passAllowanceMs assumes 0.2 GFLOP/s, the engine does ~3. */
export function batchSize(size: PassSize): number {
  const passMs = passAllowanceMs(size) / 15;
  return Math.max(1, Math.min(200, Math.floor(BATCH_MS / Math.max(passMs, 1e-3))));
}

/** The fault of a refused iteration, in words, with what to try. */
function faultText(report: StepReport | undefined, m: typeof noticeMessages.en): string {
  const where = report?.nonFinite
    ? report.nonFinite.pass === 'update'
      ? m.updateNotFinite(`${report.nonFinite.node}[${report.nonFinite.index}]`, String(report.nonFinite.value))
      : describeTrainFault(report.nonFinite)
    : m.notFinite;
  return m.trainingStopped(String(report?.iteration ?? '?'), where);
}

/**
 * ||dL/dh(t)|| for t = 1..tau of a trace: one row of the gradient heatmap. A deep or bidirectional
 * network's is its first layer's forward direction, the farthest from the loss (dL/dh(t) at row t - 1).
 */
function hNormsOf(trained: TrainedTrace, H: number): Float64Array {
  const gH = trained.stacked ? trained.trace.layers[0]![0]!.factors.dh! : trained.trace.gH;
  return Float64Array.from({ length: gH.length / H }, (_, t) => Math.hypot(...gH.subarray(t * H, (t + 1) * H)));
}

/** Connects the training loop; returns how to disconnect it. */
export function connectTraining(store: AppStore, client: Pick<EngineClient, 'train'>): () => void {
  let busy = false;
  let disconnected = false;
  /** When the latest batch was sent (Date.now()), for the pace. */
  let lastSent = -Infinity;
  /** The wait for the next batch at a set pace, if one is due later. */
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** A batch's answer, `version` of the scene, unless the run it belongs to is no longer the store's. */
  const take = (answer: TrainAnswer, run: string, version: number): void => {
    const s = store.getState();
    if (s.training.run !== run) return;
    const applied = answer.reports.filter((r) => r.nonFinite === null);
    const t = s.training;
    // The same scene (a new scene ends the run): its model with the batch's parameters.
    const model = { ...s.model, params: answer.params };
    s.setVersion(model, version, answer.trace);
    const entry = { iteration: answer.iterations, loss: applied.at(-1)?.loss ?? NaN, model, version };
    const history = applied.length > 0 ? [...t.history, entry].slice(-historyCapacity(model)) : t.history;
    const pendingSteps = Math.max(0, t.pendingSteps - answer.reports.length);
    // A "Train N iterations" that is done pauses the run (resumable, as a pause by the user).
    const budget = t.budget === null || t.status !== 'running' ? t.budget : Math.max(0, t.budget - answer.reports.length);
    const spent = budget === 0 && !answer.paused;
    store.setState({
      training: {
        ...store.getState().training,
        iterations: answer.iterations, clipped: answer.clipped,
        losses: appendRunSeries(t.losses, applied.map((r) => r.loss)),
        gradNorms: appendRunSeries(t.gradNorms, applied.map((r) => r.gradNorm)),
        radii: answer.radiusW === null ? t.radii : appendRunSeries(t.radii, [answer.radiusW]),
        heatRows: applied.length > 0 ? [...t.heatRows, { iteration: answer.iterations, norms: hNormsOf(answer.trace, model.sizes.hidden) }].slice(-HEATMAP_ROWS) : t.heatRows,
        history, viewing: null, resumable: { model, version, state: answer.state },
        pendingSteps: answer.paused ? 0 : pendingSteps,
        budget: answer.paused || spent ? null : budget,
        ...(spent ? { status: 'paused' as const } : {}),
        ...(answer.paused ? { status: 'stopped' as const, fault: faultText(answer.reports.at(-1), noticeMessages[s.language]) } : {}),
      },
    });
  };

  const pump = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (busy || disconnected) return;
    const s = store.getState();
    const t = s.training;
    const running = t.status === 'running';
    const wanted = running ? (t.budget ?? Infinity) : t.pendingSteps;
    if (wanted <= 0) return;
    // At a set pace the run waits for its time; single iterations asked for go at once.
    const paced = running && t.pace !== 'max';
    if (paced) {
      const wait = lastSent + 1000 / (t.pace as number) - Date.now();
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
    }
    const start = t.run === null;
    const run = start ? `run${++runs}` : t.run!;
    // A run the lost worker held goes on from its latest answer (at the user's current learning rate).
    const resume = start ? t.resumable : null;
    const size = passSizeOfModel(s.model);
    const iterations = paced ? 1 : Math.min(wanted, batchSize(size));
    const learningRate = !start && t.learningRateChanged ? t.learningRate : undefined;
    busy = true;
    lastSent = Date.now();
    store.setState({ training: { ...t, run, learningRateChanged: false } });
    // A run's first batch names the model it starts from (the worker holds it, or it travels); the
    // worker's trainer holds the run after that. The batch's result is a new version of the scene.
    const options = { optimizer: t.optimizer, learningRate: t.learningRate, clipNorm: t.clipNorm, snapshotEvery: 10, snapshotCapacity: 64 };
    const state = resume ? { ...resume.state, learningRate: t.learningRate } : undefined;
    const from = resume ?? { model: s.model, version: s.version };
    const version = nextVersion();
    client.train(run, modelKey(s.scene, version), size, iterations, {
      ...(start ? { start: { key: modelKey(s.scene, from.version), model: modelArgOf(from.model), options, ...(state ? { state } : {}) } } : {}),
      ...(learningRate !== undefined ? { learningRate } : {}),
    }).then(
      (answer) => take(answer, run, version),
      (e: unknown) => {
        const now = store.getState().training;
        if (now.run !== run) return;
        // A new worker holds no run: the next batch starts one from the latest answer's model and state.
        if (e instanceof WorkerFailure || (e instanceof Error && e.message === UNKNOWN_RUN)) {
          store.setState({ training: { ...now, run: null } });
        } else if (!(e instanceof StaleError)) {
          store.setState({ training: { ...now, status: 'stopped', fault: noticeMessages[store.getState().language].trainingFailed(e instanceof Error ? e.message : String(e)) } });
        }
      },
    ).finally(() => {
      busy = false;
      pump();
    });
  };

  const unsubscribe = store.subscribe((s, prev) => { if (s.training !== prev.training) pump(); });
  return () => {
    disconnected = true;
    if (timer !== null) clearTimeout(timer);
    unsubscribe();
  };
}
