import { appMessages } from '../i18n/messages/app';
import { useMessages } from '../i18n/useMessages';
import { useEffect, useRef } from 'react';
import { selectInspectorShown, selectSelected, selectStacked } from '../store/selectors';
import { selectEmbedded, selectPresenting } from '../store/slices/mode';
import { appStore, useApp } from '../store/store';
import { Alerts } from './Alerts';
import { Announcer } from './Announcer';
import { SceneBar } from './Controls';
import { Inspector, SceneSettings, TorchImportDialog, TourPanel } from './lazy';
import { Graphs } from './graph/Graphs';
import { HelpDialog } from './HelpDialog';
import { PanelTabs } from './PanelTabs';
import { PresentStage } from './present/PresentStage';
import { NonFiniteWarning, StepTable } from './StepTable';
import { Toolbar } from './Toolbar';
import { Transport } from './Transport';
import { importFile } from './files';
import { useKeyboard } from './useKeyboard';

/** Closes the inspector: nothing selected, nothing open. */
function closeInspector(): void {
  appStore.getState().select(null);
  appStore.getState().setInspectorOpen(false);
}

/**
 * The inspector beside the graphs; where the screen has one column it comes under them, and a
 * node selected while it is out of sight brings it into view.
 */
function InspectorPanel({ closeLabel }: { readonly closeLabel: string }) {
  const selected = useApp(selectSelected);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel || selected === null) return;
    const box = panel.getBoundingClientRect();
    if (box.top < innerHeight && box.bottom > 0) return;
    panel.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }, [selected]);
  return (
    <section ref={ref} aria-labelledby="inspector-title" className="panel inspector-panel">
      <div className="inspector-head">
        <button type="button" onClick={closeInspector}>{closeLabel}</button>
      </div>
      <Inspector />
    </section>
  );
}

/**
 * The app shell, graph first: the name, the scene bar and the toolbar on top, the settings
 * drawer under them when open, then the stepping controls and the graphs with the inspector
 * beside them, and the other panels as tabs under the graph.
 */
export function App() {
  useKeyboard();
  const m = useMessages(appMessages);
  const inspecting = useApp(selectInspectorShown);
  const presenting = useApp(selectPresenting);
  const embedded = useApp(selectEmbedded);
  const stacked = useApp(selectStacked);
  const touring = useApp((s) => s.tourChapter !== null);
  // Presenting or embedded: the transport and the graph alone.
  if (presenting || embedded) return <PresentStage />;
  return (
    <div
      className="app"
      onDragOver={(e) => { if (e.dataTransfer.types.includes('Files')) e.preventDefault(); }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        if (!file) return;
        e.preventDefault();
        void importFile(file);
      }}
    >
      <div className={touring ? 'screen touring' : 'screen'}>
      <header>
        <h1 title={m.tagline}>Unroll</h1>
        <SceneBar />
        <Toolbar />
      </header>
      <SceneSettings />
      <Alerts />
      <Announcer />
      {touring && <TourPanel />}
      <main className={inspecting ? 'stage inspecting' : 'stage'}>
        <section aria-labelledby="graphs-title" className="panel graphs">
          <h2 id="graphs-title" className="visually-hidden">{m.graphs}</h2>
          <Transport />
          <NonFiniteWarning />
          <Graphs />
        </section>
        {inspecting && <InspectorPanel closeLabel={m.closeInspector} />}
      </main>
      </div>
      <PanelTabs />
      {/* The current step's numbers for a screen reader: one cell's (a stack's are its graph's and the inspector's). */}
      {!stacked && (
        <section aria-labelledby="step-title" className="visually-hidden">
          <h2 id="step-title">{m.currentStep}</h2>
          <StepTable />
        </section>
      )}
      <HelpDialog />
      <TorchImportDialog />
    </div>
  );
}
