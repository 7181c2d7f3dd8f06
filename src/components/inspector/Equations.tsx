/** The forward and backward equations of the selection, typeset. */
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { Tex } from './Tex';

/** Two lists of TeX equations from graph/equations.ts: how the value and the gradient are computed. */
export function Equations({ forward, backward }: { forward: readonly string[]; backward: readonly string[] }) {
  const m = useMessages(inspectorMessages);
  return (
    <div className="equations">
      <h4>{m.forward}</h4>
      {forward.map((tex, i) => <Tex key={i} tex={tex} />)}
      {backward.length > 0 && (
        <>
          <h4>{m.backward}</h4>
          {backward.map((tex, i) => <Tex key={i} tex={tex} />)}
        </>
      )}
    </div>
  );
}
