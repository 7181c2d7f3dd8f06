import { appMessages } from '../i18n/messages/app';
import { useMessages } from '../i18n/useMessages';
import { Alerts } from './Alerts';
import { Announcer } from './Announcer';
import { Controls } from './Controls';
import { Charts, ComparisonPanel, Explanations, Inspector, JacobianPanel } from './lazy';
import { Graphs } from './graph/Graphs';
import { HelpDialog } from './HelpDialog';
import { StepTable } from './StepTable';
import { Toolbar } from './Toolbar';
import { TrainingPanel } from './training/TrainingPanel';
import { Transport } from './Transport';
import { importFile } from './files';
import { useKeyboard } from './useKeyboard';

/** The app shell: toolbar, messages, the scene's controls, stepping and the current step. */
export function App() {
  useKeyboard();
  const m = useMessages(appMessages);
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
      <header>
        <h1>Unroll</h1>
        <p className="tagline">{m.tagline}</p>
        <Toolbar />
      </header>
      <Alerts />
      <Announcer />
      <main>
        <div className="side">
          <section aria-labelledby="model-title" className="panel">
            <h2 id="model-title">{m.model}</h2>
            <Controls />
          </section>
          <section aria-labelledby="training-title" className="panel">
            <h2 id="training-title">{m.training}</h2>
            <TrainingPanel />
          </section>
        </div>
        <div className="work">
          <section aria-labelledby="stepping-title" className="panel">
            <h2 id="stepping-title">{m.stepping}</h2>
            <Transport />
          </section>
          <section aria-labelledby="graphs-title" className="panel graphs">
            <h2 id="graphs-title">{m.graphs}</h2>
            <Graphs />
          </section>
          <div className="lower">
            <section aria-labelledby="inspector-title" className="panel inspector-panel">
              <Inspector />
            </section>
            <section aria-labelledby="charts-title" className="panel">
              <h2 id="charts-title">{m.charts}</h2>
              <Charts />
            </section>
          </div>
          <section aria-labelledby="dynamics-title" className="panel">
            <h2 id="dynamics-title">{m.dynamics}</h2>
            <JacobianPanel />
            <ComparisonPanel />
          </section>
          <Explanations />
          <section aria-labelledby="step-title" className="panel">
            <h2 id="step-title">{m.currentStep}</h2>
            <StepTable />
          </section>
        </div>
      </main>
      <HelpDialog />
    </div>
  );
}
