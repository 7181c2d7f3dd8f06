/**
 * The graphs panel: the folded and the unfolded graph of the model, or the three topologies of
 * section 10.2 side by side on the same sequence and seed, all at the one shared position.
 */
import { useId, useState } from 'react';
import { stackShapeOf } from '../../engine/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectCompanionError, selectCompanions, selectInspectorShown, selectLayout, selectModel, selectPosition, selectSelected, selectStacked, selectTrace } from '../../store/selectors';
import { SIDE_BY_SIDE } from '../../store/slices/analysis';
import { appStore, useApp } from '../../store/store';
import { SampleText } from '../sample/SampleText';
import { FoldedGraph } from './FoldedGraph';
import { Legend, StackGraph } from '../lazy';
import { UnfoldedGraph, UnfoldedGraphView } from './UnfoldedGraph';

/** The unfolded graphs of a side-by-side layout, the store's model in its own row (first, if the set lacks it) and the others built from the scene. */
function SideBySide({ set }: { set: keyof typeof SIDE_BY_SIDE }) {
  const model = useApp(selectModel);
  const trace = useApp(selectTrace);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const companions = useApp(selectCompanions);
  const error = useApp(selectCompanionError);
  const m = useMessages(graphMessages);
  const tau = model.sequence.length;
  return (
    <div className="side-by-side">
      {error && <p className="warning" role="alert">{m.othersError(error)}</p>}
      {(SIDE_BY_SIDE[set].includes(model.variant) ? SIDE_BY_SIDE[set] : [model.variant, ...SIDE_BY_SIDE[set]]).map((variant) => {
        const own = variant === model.variant;
        const companion = own ? null : companions?.byVariant[variant];
        if (!own && !companion) return null;
        return (
          <section key={variant} className="topology-row" aria-label={m.title(variant)}>
            <h3>{own ? m.ownRow(m.title(variant)) : m.title(variant)}</h3>
            <UnfoldedGraphView
              model={own ? model : companion!.model}
              trace={own ? trace : companion!.trace}
              position={position}
              selected={selected}
              label={m.rowGraph(m.title(variant), tau)}
              testId={`unfolded-${variant}`}
              compact
            />
          </section>
        );
      })}
      <p className="hint">{m.sideHint}</p>
    </div>
  );
}

export function Graphs() {
  const layout = useApp(selectLayout);
  // A deep or bidirectional network: its own folded and unfolded graphs (the side-by-side rows draw one cell).
  const stacked = useApp(selectStacked);
  const bidirectional = useApp((s) => stackShapeOf(s.model).bidirectional);
  const inspecting = useApp(selectInspectorShown);
  const m = useMessages(graphMessages);
  const showId = useId();
  const [toolsSlot, setToolsSlot] = useState<HTMLDivElement | null>(null);
  return (
    <>
      <div className="graphs-bar">
        {!stacked && (
          <div className="field inline">
            <label htmlFor={showId}>{m.show}</label>
            <select id={showId} value={layout} onChange={(e) => appStore.getState().setLayout(e.target.value as typeof layout)}>
              {(['one', 'three', 'cells'] as const).map((l) => <option key={l} value={l}>{{ one: m.one, three: m.three, cells: m.cells }[l]}</option>)}
            </select>
          </div>
        )}
        {!inspecting && <button type="button" onClick={() => appStore.getState().setInspectorOpen(true)}>{m.openInspector}</button>}
        {/* What the colours mean, one click away: open, it lies over the graph rather than shrinking it. */}
        <details className="legend-box">
          <summary>{m.legend}</summary>
          <Legend />
        </details>
        {/* The unfolded graph's own tools (fit, the gates, the hint), drawn here to leave the graph its height. */}
        <div className="graph-tools-slot" ref={setToolsSlot} />
      </div>
      <SampleText />
      {stacked ? (
        <div className={`graph-row stack-row${bidirectional ? ' bidirectional' : ''}`}>
          <StackGraph toolsIn={toolsSlot} folded />
        </div>
      ) : layout === 'one' ? (
        <div className="graph-row">
          <FoldedGraph />
          <UnfoldedGraph toolsIn={toolsSlot} />
        </div>
      ) : <SideBySide set={layout} />}
    </>
  );
}
