import { Alerts } from './Alerts';
import { Controls } from './Controls';
import { ComparisonPanel } from './dynamics/ComparisonPanel';
import { Explanations } from './explain/Explanations';
import { JacobianPanel } from './dynamics/JacobianPanel';
import { Graphs } from './graph/Graphs';
import { Charts } from './charts/Charts';
import { HelpDialog } from './HelpDialog';
import { Inspector } from './inspector/Inspector';
import { StepTable } from './StepTable';
import { Toolbar } from './Toolbar';
import { TrainingPanel } from './training/TrainingPanel';
import { Transport } from './Transport';
import { importFile } from './files';
import { useKeyboard } from './useKeyboard';

/** The app shell: toolbar, messages, the scene's controls, stepping and the current step. */
export function App() {
  useKeyboard();
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
        <p className="tagline">See a recurrent network compute and learn, step by step.</p>
        <Toolbar />
      </header>
      <Alerts />
      <main>
        <div className="side">
          <section aria-labelledby="model-title" className="panel">
            <h2 id="model-title">Model</h2>
            <Controls />
          </section>
          <section aria-labelledby="training-title" className="panel">
            <h2 id="training-title">Training</h2>
            <TrainingPanel />
          </section>
        </div>
        <div className="work">
          <section aria-labelledby="stepping-title" className="panel">
            <h2 id="stepping-title">Forward pass and BPTT</h2>
            <Transport />
          </section>
          <section aria-labelledby="graphs-title" className="panel graphs">
            <h2 id="graphs-title">Graphs</h2>
            <Graphs />
          </section>
          <div className="lower">
            <section aria-labelledby="inspector-title" className="panel inspector-panel">
              <Inspector />
            </section>
            <section aria-labelledby="charts-title" className="panel">
              <h2 id="charts-title">Charts</h2>
              <Charts />
            </section>
          </div>
          <section aria-labelledby="dynamics-title" className="panel">
            <h2 id="dynamics-title">Gradient dynamics</h2>
            <JacobianPanel />
            <ComparisonPanel />
          </section>
          <Explanations />
          <section aria-labelledby="step-title" className="panel">
            <h2 id="step-title">Current step</h2>
            <StepTable />
          </section>
        </div>
      </main>
      <HelpDialog />
    </div>
  );
}
