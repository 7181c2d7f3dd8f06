/** Module-level selectors and derived values of the store (DESIGN.md, convention 6). */
import type { AppState } from './state';
import type { Model, Snapshot, Trace } from '../engine/index';
import { isStacked, snapshotOfTrace } from '../engine/index';
import { modelKey } from '../worker/protocol';
import { endOf } from './slices/playback';
import { activePresetOf } from './presets';

export const selectModel = (s: AppState) => s.model;
export const selectConfig = (s: AppState) => s.config;
export const selectPosition = (s: AppState) => s.position;
export const selectPlaying = (s: AppState) => s.playing;
export const selectSpeed = (s: AppState) => s.speed;
export const selectError = (s: AppState) => s.error;
export const selectNotice = (s: AppState) => s.notice;
export const selectNoticeAction = (s: AppState) => s.noticeAction;
export const selectHelpOpen = (s: AppState) => s.helpOpen;
export const selectTau = (s: AppState) => s.model.sequence.length;
export const selectVariant = (s: AppState) => s.model.variant;
/** A gated cell's readout: 'last' for one output at the end, absent for every step. */
export const selectReadout = (s: AppState) => s.model.readout;
export const selectTrace = (s: AppState) => s.trace;
/** A deep or bidirectional network's pass, once it has come for exactly the current model; else null. */
export const selectStackTrace = (s: AppState) => (s.traceKey === selectModelKey(s) ? s.stackTrace : null);
/** Whether the model is deep or bidirectional: the page draws its graph and leaves the one-cell panels out. */
export const selectStacked = (s: AppState) => isStacked(s.model);
export const selectSelected = (s: AppState) => s.selected;
/** The current model's scene: everything but its parameters. */
export const selectScene = (s: AppState) => s.scene;
/** The current model's key: its scene and version. */
export const selectModelKey = (s: AppState) => modelKey(s.scene, s.version);
export const selectCheck = (s: AppState) => s.check;
export const selectTraining = (s: AppState) => s.training;
export const selectLanguage = (s: AppState) => s.language;
export const selectJacobian = (s: AppState) => s.jacobian;
export const selectComparison = (s: AppState) => s.comparison;
export const selectCellComparison = (s: AppState) => s.cellComparison;
export const selectLayout = (s: AppState) => s.layout;
export const selectCompanions = (s: AppState) => s.companions;
export const selectCompanionError = (s: AppState) => s.companionError;
/** The trace of exactly the current model (not an earlier version of it while training), or null. */
export const selectCurrentTrace = (s: AppState) => (s.traceKey === selectModelKey(s) ? s.trace : null);
export const selectEnd = (s: AppState) => endOf(s);
/** The model with exactly its trace (null while it is on its way), read together. */
export const selectPass = (s: AppState) => ({ model: s.model, trace: selectCurrentTrace(s) });
/** What the unfolded graph draws of a pass, read together: the model, the latest trace and the selection. */
export const selectGraphView = (s: AppState) => ({ model: s.model, trace: s.trace, selected: s.selected });
/** How the scene's sequence was generated (free running), or null for an ordinary scene. */
export const selectSampled = (s: AppState) => s.sampled;
export const selectSampleSettings = (s: AppState) => s.sampleSettings;
export const selectCellOpened = (s: AppState) => s.cellOpened;
export const selectSettingsOpen = (s: AppState) => s.settingsOpen;
/** Whether the inspector is beside the graph: something is selected, or it was opened. */
export const selectInspectorShown = (s: AppState) => s.selected !== null || s.inspectorOpen;
export const selectTab = (s: AppState) => s.tab;
/** The preset the scene on screen is exactly, with the name it goes by, or null once the scene is edited (activePresetOf). */
export const selectActivePreset = (s: AppState) => activePresetOf(s.config);

let lastSnapshot: { readonly model: Model; readonly trace: Trace; readonly position: number; readonly snapshot: Snapshot } | null = null;
/**
 * The snapshot at the cursor, read on the main thread from the trace on screen (snapshotOfTrace:
 * no worker round trip per step, and stepping back costs what stepping forward does); null until
 * a trace has come. The same object while model, trace and position stay (one entry kept).
 */
export function selectSnapshot(s: AppState): Snapshot | null {
  const { model, trace, position } = s;
  if (trace === null) return null;
  if (lastSnapshot?.model !== model || lastSnapshot.trace !== trace || lastSnapshot.position !== position) {
    lastSnapshot = { model, trace, position, snapshot: snapshotOfTrace(model, trace, position) };
  }
  return lastSnapshot.snapshot;
}

