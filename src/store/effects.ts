/**
 * The store's side effects, as subscriptions (never in panels): ask the worker for the trace of
 * a model whose trace has not come with it (the snapshot at every position is then read from the
 * trace, on the main thread: stepping asks nothing), advance while playing (playClock.ts), autosave.
 */
import type { CheckResult } from '../engine/index';
import { exportModel, isStacked } from '../engine/index';
import { noticeMessages } from '../i18n/messages/notices';
import type { EngineClient } from '../worker/client';
import { StaleError, WorkerFailure } from '../worker/client';
import { AUTOSAVE_MAX_CHARS, saveText } from './autosave';
import { modelArgOf } from './modelArg';
import { selectModelKey } from './selectors';
import type { Frames, PlayClock, Playhead } from './playClock';
import { startPlayClock } from './playClock';
import { stateAround } from './share';
import { endOf } from './slices/playback';
import type { AppState } from './state';
import type { AppStore } from './store';

/** While training makes a new version of the model every batch, the state is saved at most this often. */
export const AUTOSAVE_TRAINING_MS = 2000;

export interface EffectDeps {
  readonly client: EngineClient;
  /** Where to autosave, or null for nowhere. */
  readonly storage: Pick<Storage, 'setItem'> | null;
  /** Quiet time before an autosave. */
  readonly autosaveMs?: number;
  /** The frames the play clock moves the cursor in (the page's requestAnimationFrame by default). */
  readonly frames?: Frames;
}

export interface Effects {
  /** Asks the worker again for the current model's trace if it has not come (after a restart). */
  refresh: () => void;
  /** Saves the state now, without waiting for quiet. */
  saveNow: () => void;
  /** The whole state's JSON text deflated for a link (null when far too large for one), written and compressed off the main thread. */
  deflatedState: () => Promise<Uint8Array | null>;
  disconnect: () => void;
}

/** The state autosave and links hold. */
export const sharedStateOf = (s: AppState) => ({ model: s.model, config: s.config, position: s.position, selected: s.selected, sampled: s.sampled });

/** Connects the effects to a store; returns how to refresh and to disconnect them. */
export function connectEffects(store: AppStore, deps: EffectDeps): Effects {
  const current = () => {
    const s = store.getState();
    return { key: selectModelKey(s), model: modelArgOf(s.model) };
  };

  let text: { key: string; utf8: Promise<Uint8Array<ArrayBuffer> | null> } | null = null;
  /**
   * The current state's JSON text for autosave, its model's part written by the worker (once per
   * model); null when it would be over AUTOSAVE_MAX_CHARS (then the text does not cross at all).
   */
  const savedText = async (): Promise<string | null> => {
    const { head, tail } = stateAround(sharedStateOf(store.getState()));
    // The model's text is bounded in UTF-8 bytes (at least its characters); saveText checks the whole.
    const bound = AUTOSAVE_MAX_CHARS - head.length - tail.length;
    const { key, model } = current();
    if (text?.key !== key) text = { key, utf8: deps.client.modelText(key, model, bound) };
    const mine = text;
    try {
      const utf8 = await mine.utf8;
      return utf8 === null ? null : `${head}${new TextDecoder().decode(utf8)}${tail}`;
    } catch (e) {
      if (text === mine) text = null;
      throw e;
    }
  };

  /** The current state's JSON text deflated for a link, in the worker; null when far too large for one. */
  const deflatedState = (): Promise<Uint8Array | null> => {
    const { head, tail } = stateAround(sharedStateOf(store.getState()));
    const { key, model } = current();
    return deps.client.deflateState(key, model, head, tail);
  };

  const runCheck = (): void => {
    const check = store.getState().check;
    const { key, model } = current();
    if (!check || check.result || check.error || check.key !== key) return;
    const settle = (patch: { result: CheckResult } | { error: string }) => {
      if (store.getState().check === check) store.setState({ check: { ...check, ...patch } });
    };
    deps.client.check(key, model, check.target).then(
      (result) => settle({ result }),
      (e: unknown) => settle({ error: e instanceof Error ? e.message : String(e) }),
    );
  };

  /**
   * Asks for the trace of the current model unless it is here: once per model (a training batch
   * brings its model's trace along, so then nothing is asked). The client keeps the latest request
   * for a trace only; what an older one answers is dropped as stale (a stack's, which waits its turn
   * with the other requests, when its model is no longer current).
   */
  const refresh = (): void => {
    const s = store.getState();
    const { key, model } = current();
    if (s.traceKey === key) return;
    // A deep or bidirectional network's pass is a stack's (its answer is taken only if still current).
    const answer: Promise<void> = isStacked(s.model)
      ? deps.client.stackTrace(exportModel(s.model)).then((trace) => store.getState().setStackTrace(key, trace))
      : deps.client.modelTrace(key, model).then((trace) => store.getState().setTrace(key, trace));
    answer.catch((e: unknown) => {
      // Stale answers are dropped; a restarted worker is announced by the client's onRestart.
      if (e instanceof StaleError || e instanceof WorkerFailure) return;
      if (store.getState().scene === s.scene) store.getState().showError(`engine: ${e instanceof Error ? e.message : String(e)}`);
    });
  };

  let clock: PlayClock | null = null;
  const playhead: Playhead = {
    position: () => store.getState().position,
    end: () => endOf(store.getState()),
    speed: () => store.getState().speed,
    seek: (p) => store.getState().seek(p),
    stop: () => store.getState().pause(),
  };

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let saves = 0;
  /** The key of the model last found too large to save, so that the notice says so once. */
  let tooLargeKey: string | null = null;
  const saveNow = (): void => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    const storage = deps.storage;
    if (!storage) return;
    const save = ++saves;
    const { key } = current();
    const notice = (message: (m: typeof noticeMessages.en) => string) => store.getState().showNotice(message(noticeMessages[store.getState().language]));
    savedText().then((state) => {
      // A newer save is on its way: this one is out of date.
      if (save !== saves) return;
      const stored = state === null ? 'too large' : saveText(storage, state);
      if (stored === 'too large') {
        if (tooLargeKey !== key) notice((m) => m.autosaveTooLarge);
        tooLargeKey = key;
      } else if (stored === 'refused') {
        notice((m) => m.autosaveFailed);
      }
    }, (e: unknown) => {
      if (save !== saves || e instanceof StaleError || e instanceof WorkerFailure) return;
      notice((m) => m.autosaveFailed);
    });
  };
  /**
   * Saves after a quiet time; `throttled` (a new version of the same scene, as every training batch
   * makes) does not put off a save already on its way, and waits AUTOSAVE_TRAINING_MS: while
   * training, the state is saved every so often instead of never.
   */
  const autosave = (throttled: boolean): void => {
    if (!deps.storage) return;
    if (throttled && saveTimer !== null) return;
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, throttled ? AUTOSAVE_TRAINING_MS : deps.autosaveMs ?? 300);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    const newScene = s.scene !== prev.scene;
    if (newScene || s.version !== prev.version) refresh();
    if (s.check !== prev.check) runCheck();
    if (s.playing !== prev.playing || s.speed !== prev.speed) {
      clock?.stop();
      clock = s.playing ? startPlayClock(playhead, deps.frames) : null;
    }
    if (newScene || s.config !== prev.config || s.position !== prev.position || s.selected !== prev.selected) autosave(false);
    else if (s.model !== prev.model) autosave(true);
  });
  refresh();

  return {
    refresh,
    saveNow,
    deflatedState,
    disconnect: () => {
      unsubscribe();
      clock?.stop();
      if (saveTimer !== null) clearTimeout(saveTimer);
    },
  };
}
