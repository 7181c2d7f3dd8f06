/**
 * Panels that the first paint does not need, as chunks of their own: each is a React.lazy
 * component inside a Suspense whose fallback is an empty box of the panel's usual height, so
 * that the page does not jump when the panel arrives. `preloadPanels()` starts fetching them all
 * while the app boots, so they usually arrive with (or just after) the first render; the entry
 * chunk does not wait for them (`npm run bench:bundle` prints the split).
 */
import type { ComponentType, CSSProperties, ReactNode } from 'react';
import { Component, Suspense, lazy, useEffect, useState } from 'react';
import { appMessages } from '../i18n/messages/app';
import { messagesNow } from '../i18n/useMessages';
import { connectTorchSlot } from './files';

/** A loader that imports its module once and hands React.lazy the named export. */
function loader<P extends object>(load: () => Promise<ComponentType<P>>): { load: () => Promise<{ default: ComponentType<P> }>; Lazy: ComponentType<P> } {
  let promise: Promise<{ default: ComponentType<P> }> | null = null;
  const once = () => (promise ??= load().then((c) => ({ default: c })));
  return { load: once, Lazy: lazy(once) };
}

const inspector = loader(() => import('./inspector/Inspector').then((m) => m.Inspector));
const charts = loader(() => import('./charts/Charts').then((m) => m.Charts));
const jacobian = loader(() => import('./dynamics/JacobianPanel').then((m) => m.JacobianPanel));
const comparison = loader(() => import('./dynamics/ComparisonPanel').then((m) => m.ComparisonPanel));
const explanations = loader(() => import('./explain/Explanations').then((m) => m.Explanations));
const sample = loader(() => import('./sample/SamplePanel').then((m) => m.SamplePanel));
const training = loader(() => import('./training/TrainingPanel').then((m) => m.TrainingPanel));
const legend = loader(() => import('./graph/Legend').then((m) => m.Legend));
const sceneSettings = loader(() => import('./SceneSettings').then((m) => m.SceneSettings));
// Not preloaded: only a deep or bidirectional network needs it.
const stackGraph = loader(() => import('./graph/StackGraph').then((m) => m.StackGraph));
const stackPanels = loader(() => import('./graph/StackGraph').then((m) => m.StackPanelsNote));
// Not preloaded: loaded when the tour is started or a chapter's link opened.
const tour = loader(() => import('./tour/TourPanel').then((m) => m.TourPanel));
// Not preloaded: loaded with the first PyTorch state dict opened.
const torchDialog = loader(() => import('./torch/TorchImportDialog').then((m) => m.TorchImportDialog));

/** Starts fetching every lazy panel (the failures surface when a panel renders, not here). */
export function preloadPanels(): void {
  for (const l of [inspector, charts, jacobian, comparison, explanations, sample, training, legend, sceneSettings]) l.load().catch(() => undefined);
}

/**
 * An empty, busy box of a panel's usual height (the default scene at 1280 x 900, where all of
 * these panels start below the fold).
 */
function Placeholder({ minHeight }: { readonly minHeight: CSSProperties['minHeight'] }) {
  return <div className="lazy-placeholder" aria-busy="true" style={{ minHeight }} />;
}

/**
 * Keeps the rest of the app running when a panel's chunk fails to load (a lost connection, or a
 * new deployment that removed the old chunks) or the panel throws: that panel shows why instead.
 */
class PanelBoundary extends Component<{ readonly minHeight: string; readonly children: ReactNode }, { readonly error: string | null }> {
  override state: { readonly error: string | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return <p className="warning" role="alert" style={{ minHeight: this.props.minHeight }}>{messagesNow(appMessages).panelFailed(this.state.error)}</p>;
  }
}

/** A lazy panel: its placeholder while it loads, its failure if it cannot. */
function Panel({ minHeight, children }: { readonly minHeight: string; readonly children: ReactNode }) {
  return (
    <PanelBoundary minHeight={minHeight}>
      <Suspense fallback={<Placeholder minHeight={minHeight} />}>{children}</Suspense>
    </PanelBoundary>
  );
}

/** The inspector (and, through its equations, KaTeX, which loads on first use after it). */
export function Inspector() {
  return <Panel minHeight="88px"><inspector.Lazy /></Panel>;
}

/** The charts of loss, gradient norms and predictions. */
export function Charts() {
  return <Panel minHeight="810px"><charts.Lazy /></Panel>;
}

/** The Jacobian dh(t)/dh(k) panel (a closed <details> at first). */
export function JacobianPanel() {
  return <Panel minHeight="42px"><jacobian.Lazy /></Panel>;
}

/** Teacher forcing against free running, and the cells side by side (two closed <details> at first). */
export function ComparisonPanel() {
  return <Panel minHeight="84px"><comparison.Lazy /></Panel>;
}

/** The margin questions of section 10.2, answered on the live model (a section of closed <details>). */
export function Explanations() {
  return <Panel minHeight="354px"><explanations.Lazy /></Panel>;
}

/** Generating from the model: the sampler's settings, Generate and the way back. */
export function SamplePanel() {
  return <Panel minHeight="160px"><sample.Lazy /></Panel>;
}

/** The drawer of the scene's other settings (closed at first). */
export function SceneSettings() {
  return <Panel minHeight="0"><sceneSettings.Lazy /></Panel>;
}

/** What the graph's colours and marks mean (inside a closed <details> at first). */
export function Legend() {
  return <Panel minHeight="0"><legend.Lazy /></Panel>;
}

/** A deep or bidirectional network's unfolded graph (its tools drawn in `toolsIn`), with `folded` its folded graph before it. */
export function StackGraph({ toolsIn, fitted = false, folded = false }: { readonly toolsIn: HTMLElement | null; readonly fitted?: boolean; readonly folded?: boolean }) {
  return <Panel minHeight="320px"><stackGraph.Lazy toolsIn={toolsIn} fitted={fitted} folded={folded} /></Panel>;
}

/** Where one cell's panels' work is for a deep or bidirectional network. */
export function StackPanelsNote() {
  return <Panel minHeight="2rem"><stackPanels.Lazy /></Panel>;
}

/** The guided tour's chapter beside the graph. */
export function TourPanel() {
  return <Panel minHeight="6rem"><tour.Lazy /></Panel>;
}

/** Training: the optimiser's settings, the pace, Train and the run's curves. */
export function TrainingPanel() {
  return <Panel minHeight="320px"><training.Lazy /></Panel>;
}

/** The dialog that asks what a PyTorch state dict's tensors cannot tell: mounted (and loaded) with the first one opened. */
export function TorchImportDialog() {
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    connectTorchSlot(() => setWanted(true));
    return () => connectTorchSlot(null);
  }, []);
  return wanted ? <PanelBoundary minHeight="0"><Suspense fallback={null}><torchDialog.Lazy /></Suspense></PanelBoundary> : null;
}
