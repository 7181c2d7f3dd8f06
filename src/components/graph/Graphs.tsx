/**
 * The graphs panel: the folded and the unfolded graph of the model, or the three topologies of
 * section 10.2 side by side on the same sequence and seed, all at the one shared position.
 */
import type { Variant } from '../../engine/index';
import { VARIANTS } from '../../engine/index';
import { selectCompanionError, selectCompanions, selectLayout, selectModel, selectPosition, selectSelected, selectTrace } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { FoldedGraph } from './FoldedGraph';
import { Legend } from './Legend';
import { UnfoldedGraph, UnfoldedGraphView } from './UnfoldedGraph';

/** Each topology by its book figure and what recurs. */
export const TOPOLOGY_NAMES: Readonly<Record<Variant, string>> = {
  elman: 'Elman: hidden-to-hidden recurrence (figure 10.3)',
  jordan: 'Jordan: output-to-hidden recurrence (figure 10.4)',
  'single-output': 'Single output at the end of the sequence (figure 10.5)',
};

/** The three unfolded graphs, the store's model in its own row and the other two built from the scene. */
function SideBySide() {
  const model = useApp(selectModel);
  const trace = useApp(selectTrace);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const companions = useApp(selectCompanions);
  const error = useApp(selectCompanionError);
  const tau = model.sequence.length;
  return (
    <div className="side-by-side">
      {error && <p className="warning" role="alert">The other topologies cannot be built from this scene: {error}</p>}
      {VARIANTS.map((variant) => {
        const own = variant === model.variant;
        const companion = own ? null : companions?.byVariant[variant];
        if (!own && !companion) return null;
        return (
          <section key={variant} className="topology-row" aria-label={TOPOLOGY_NAMES[variant]}>
            <h3>{TOPOLOGY_NAMES[variant]}{own ? ' — the model' : ''}</h3>
            <UnfoldedGraphView
              model={own ? model : companion!.model}
              trace={own ? trace : companion!.trace}
              position={position}
              selected={selected}
              label={`${TOPOLOGY_NAMES[variant]}: unfolded over ${tau} steps`}
              testId={`unfolded-${variant}`}
              compact
            />
          </section>
        );
      })}
      <p className="hint">The other two are built from the scene&apos;s sequence, seed and H, untrained; one position drives all three.</p>
    </div>
  );
}

export function Graphs() {
  const layout = useApp(selectLayout);
  return (
    <>
      <fieldset className="radios layout-choice">
        <legend>Show</legend>
        {(['one', 'three'] as const).map((l) => (
          <label key={l}>
            <input type="radio" name="graph-layout" value={l} checked={layout === l} onChange={() => appStore.getState().setLayout(l)} />
            {l === 'one' ? 'this topology, folded and unfolded' : 'the three topologies side by side'}
          </label>
        ))}
      </fieldset>
      {layout === 'one' ? (
        <div className="graph-row">
          <FoldedGraph />
          <UnfoldedGraph />
        </div>
      ) : <SideBySide />}
      <Legend />
    </>
  );
}
