/** The forward and backward equations of the selection, typeset. */
import { Tex } from './Tex';

/** Two lists of TeX equations from graph/equations.ts: how the value and the gradient are computed. */
export function Equations({ forward, backward }: { forward: readonly string[]; backward: readonly string[] }) {
  return (
    <div className="equations">
      <h4>Forward</h4>
      {forward.map((tex, i) => <Tex key={i} tex={tex} />)}
      {backward.length > 0 && (
        <>
          <h4>Backward (BPTT)</h4>
          {backward.map((tex, i) => <Tex key={i} tex={tex} />)}
        </>
      )}
    </div>
  );
}
