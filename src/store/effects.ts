/**
 * The store's side effects, as subscriptions (never in panels): ask the worker for the snapshot
 * at the cursor, advance while playing, autosave.
 */
import type { CheckResult, ModelFile } from '../engine/index';
import { exportModel } from '../engine/index';
import { noticeMessages } from '../i18n/messages/notices';
import type { EngineClient, ModelArg } from '../worker/client';
import { passSizeOfModel } from '../worker/client';
import { StaleError, WorkerFailure } from '../worker/client';
import { AUTOSAVE_MAX_CHARS, saveText } from './autosave';
import { stateAround } from './share';
import { sameLineage } from './slices/model';
import { endOf } from './slices/playback';
import type { AppState } from './state';
import type { AppStore } from './store';

export interface EffectDeps {
  readonly client: EngineClient;
  /** Where to autosave, or null for nowhere. */
  readonly storage: Pick<Storage, 'setItem'> | null;
  /** Quiet time before an autosave. */
  readonly autosaveMs?: number;
}

export interface Effects {
  /** Asks the worker again for the snapshot at the cursor (after a restart). */
  refresh: () => void;
  /** Saves the state now, without waiting for quiet. */
  saveNow: () => void;
  /** The whole state's JSON text deflated for a link (null when far too large for one), written and compressed off the main thread. */
  deflatedState: () => Promise<Uint8Array | null>;
  disconnect: () => void;
}

/** The state autosave and links hold. */
export const sharedStateOf = (s: AppState) => ({ model: s.model, config: s.config, position: s.position, selected: s.selected });

/** Connects the effects to a store; returns how to refresh and to disconnect them. */
export function connectEffects(store: AppStore, deps: EffectDeps): Effects {
  let file: { key: string; json: ModelFile } | null = null;
  /**
   * The current model for a worker request: its size, and its model file, made (once per model)
   * only if the worker does not hold it already.
   */
  const modelArg = (): ModelArg => {
    const { model, modelKey } = store.getState();
    const make = (): ModelFile => {
      if (file?.key !== modelKey) file = { key: modelKey, json: exportModel(model) };
      return file.json;
    };
    return { size: passSizeOfModel(model), file: make };
  };

  let text: { key: string; utf8: Promise<Uint8Array<ArrayBuffer> | null> } | null = null;
  /**
   * The current state's JSON text for autosave, its model's part written by the worker (once per
   * model); null when it would be over AUTOSAVE_MAX_CHARS (then the text does not cross at all).
   */
  const savedText = async (): Promise<string | null> => {
    const s = store.getState();
    const { head, tail } = stateAround(sharedStateOf(s));
    // The model's text is bounded in UTF-8 bytes (at least its characters); saveText checks the whole.
    const bound = AUTOSAVE_MAX_CHARS - head.length - tail.length;
    if (text?.key !== s.modelKey) text = { key: s.modelKey, utf8: deps.client.modelText(s.modelKey, modelArg(), bound) };
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
    return deps.client.deflateState(store.getState().modelKey, modelArg(), head, tail);
  };

  const runCheck = (): void => {
    const check = store.getState().check;
    if (!check || check.result || check.error || check.key !== store.getState().modelKey) return;
    const settle = (patch: { result: CheckResult } | { error: string }) => {
      if (store.getState().check === check) store.setState({ check: { ...check, ...patch } });
    };
    deps.client.check(check.key, modelArg(), check.target).then(
      (result) => settle({ result }),
      (e: unknown) => settle({ error: e instanceof Error ? e.message : String(e) }),
    );
  };

  /**
   * One snapshot request at a time: a change while one is out asks again when it is answered.
   * (While training, the model changes with every batch; answers one version old are still
   * shown, where a queue that always replaced them would show none.)
   */
  let asking = false;
  let askAgain = false;
  const refresh = (): void => {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    const { modelKey, position, traceKey } = store.getState();
    deps.client.snapshot(modelKey, modelArg(), position, { trace: traceKey !== modelKey }).then(
      (snapshot) => {
        const s = store.getState();
        if (sameLineage(s.modelKey, modelKey) && s.position === snapshot.position) s.setSnapshot(snapshot);
      },
      (e: unknown) => {
        // Stale answers are dropped; a restarted worker is announced by the client's onRestart.
        if (e instanceof StaleError || e instanceof WorkerFailure) return;
        store.getState().showError(`engine: ${e instanceof Error ? e.message : String(e)}`);
      },
    ).finally(() => {
      asking = false;
      if (askAgain) {
        askAgain = false;
        refresh();
      }
    });
  };

  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const tick = (): void => {
    const s = store.getState();
    if (s.position >= endOf(s)) s.pause();
    else s.stepForward();
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
    const { modelKey } = store.getState();
    const notice = (message: (m: typeof noticeMessages.en) => string) => store.getState().showNotice(message(noticeMessages[store.getState().language]));
    savedText().then((state) => {
      // A newer save is on its way: this one is out of date.
      if (save !== saves) return;
      const stored = state === null ? 'too large' : saveText(storage, state);
      if (stored === 'too large') {
        if (tooLargeKey !== modelKey) notice((m) => m.autosaveTooLarge);
        tooLargeKey = modelKey;
      } else if (stored === 'refused') {
        notice((m) => m.autosaveFailed);
      }
    }, (e: unknown) => {
      if (save !== saves || e instanceof StaleError || e instanceof WorkerFailure) return;
      notice((m) => m.autosaveFailed);
    });
  };
  const autosave = (): void => {
    if (!deps.storage) return;
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, deps.autosaveMs ?? 300);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.modelKey !== prev.modelKey || s.position !== prev.position) refresh();
    if (s.check !== prev.check) runCheck();
    if (s.playing !== prev.playing || s.speed !== prev.speed) {
      stopTimer();
      if (s.playing) timer = setInterval(tick, 1000 / s.speed);
    }
    if (s.model !== prev.model || s.config !== prev.config || s.position !== prev.position || s.selected !== prev.selected) autosave();
  });
  refresh();

  return {
    refresh,
    saveNow,
    deflatedState,
    disconnect: () => {
      unsubscribe();
      stopTimer();
      if (saveTimer !== null) clearTimeout(saveTimer);
    },
  };
}
