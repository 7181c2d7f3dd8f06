import { useMemo } from 'react';
import { gradients, initModel } from '../engine/index';

/** The default scene until the app shell lands: a small Elman network's losses, computed in the page. */
const DEFAULT_SCENE = { variant: 'elman', input: 4, hidden: 8, output: 4, length: 8, seed: 1 } as const;

/** The placeholder page: what Unroll is, and proof that the engine runs in the browser. */
export function App() {
  const result = useMemo(() => gradients(initModel(DEFAULT_SCENE)), []);
  return (
    <main className="placeholder">
      <h1>Unroll</h1>
      <p>
        See a recurrent neural network compute and learn: the folded and unfolded graphs of the Elman,
        Jordan and single-output networks, the forward pass and back-propagation through time, step by step.
      </p>
      <section aria-labelledby="scene-title">
        <h2 id="scene-title">
          Default scene: Elman network, H = {DEFAULT_SCENE.hidden}, tau = {DEFAULT_SCENE.length}, seed {DEFAULT_SCENE.seed}
        </h2>
        <table aria-label="Loss per time step">
          <thead>
            <tr><th scope="col">t</th><th scope="col">L(t)</th></tr>
          </thead>
          <tbody>
            {Array.from(result.stepLosses, (loss, i) => (
              <tr key={i} data-step={i + 1}><td>{i + 1}</td><td>{loss.toFixed(6)}</td></tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th scope="row">L</th><td data-testid="total-loss">{result.loss.toFixed(6)}</td></tr>
          </tfoot>
        </table>
      </section>
    </main>
  );
}
