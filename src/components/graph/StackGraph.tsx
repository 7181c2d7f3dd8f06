/**
 * A deep or bidirectional network's unfolded graph (book sections 10.3 and 10.5, figure 10.11):
 * each layer's cell as its rows, the reverse direction's above the forward's with its arrows right
 * to left, drawn from the store's model and the stack's pass; the cursor runs one layer and
 * direction at a time (graph/layout/stackSchedule.ts). A chunk of its own: only such a network
 * loads it.
 */
import { useMemo } from 'react';
import type { Model, StackTrace } from '../../engine/index';
import { hasInnerRows } from '../../graph/layout/index';
import type { UnfoldedLayout } from '../../graph/layout/index';
import { stackGraphNumbers, stackReader } from '../../graph/charts/stackNumbers';
import { stackShapeOf } from '../../engine/index';
import { graphMessages } from '../../i18n/messages/graph';
import { stackMessages } from '../../i18n/messages/stack';
import { useMessages } from '../../i18n/useMessages';
import { selectCellOpened, selectModel, selectPosition, selectSelected, selectStackTrace } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import type { Drawing } from './UnfoldedCanvas';
import { FoldedStackGraph } from './FoldedStackGraph';
import { UnfoldedCanvas } from './UnfoldedCanvas';
import { useStackView } from './useStackView';
import { symbolsOf, useSampledSteps } from './UnfoldedGraph';

/**
 * The node an arrow key moves to, read from the layout: left and right along a node's row (the
 * same kind, layer and direction), up and down to the nearest node of its column above or below.
 */
export function layoutNeighbour(layout: UnfoldedLayout): (id: string, key: string) => string | null {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  return (id, key) => {
    const node = byId.get(id);
    if (!node) return null;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const next = `${id.split('@')[0]!}@${node.t + (key === 'ArrowRight' ? 1 : -1)}`;
      return byId.has(next) ? next : null;
    }
    if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
    const up = key === 'ArrowUp';
    let best: { id: string; d: number } | null = null;
    for (const n of layout.nodes) {
      if (n.t !== node.t || (up ? n.y >= node.y : n.y <= node.y)) continue;
      const d = Math.abs(n.y - node.y) * 1e3 + Math.abs(n.x - node.x);
      if (best === null || d < best.d) best = { id: n.id, d };
    }
    return best?.id ?? null;
  };
}

/** Selects a node of the stack's graph (ids as its layout has them, e.g. h_l1_reverse@3). */
const select = (id: string): void => appStore.getState().select(id);

function StackGraphOf({ model, trace, toolsIn, fitted, folded }: { readonly model: Model; readonly trace: StackTrace | null; readonly toolsIn: HTMLElement | null; readonly fitted: boolean; readonly folded: boolean }) {
  const m = useMessages(graphMessages);
  const sm = useMessages(stackMessages);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const opened = useApp(selectCellOpened) && hasInnerRows(model.variant);
  const tau = model.sequence.length;
  const shape = stackShapeOf(model);
  const sampled = useSampledSteps(tau);
  const { layout, stack, schedule } = useStackView(model, opened, sampled);
  const drawing = useMemo((): Drawing => {
    const reader = trace ? stackReader(stack, trace) : null;
    return {
      layout, schedule,
      numbers: trace ? stackGraphNumbers(stack, trace, layout) : null,
      vectors: reader ? reader.vectors : null,
      symbols: symbolsOf(model),
      neighbour: layoutNeighbour(layout),
      first: layout.nodes.find((n) => n.kind === 'h' && n.t === 1)?.id ?? layout.nodes[0]!.id,
      select,
    };
  }, [layout, schedule, stack, model, trace]);
  return (
    <>
    {folded && <FoldedStackGraph model={model} position={Math.min(position, schedule.end)} />}
    <div className="stack-graph">
      <details className="hint stack-note">
        <summary>{sm.stackNoteShort}</summary>
        {sm.stackNote}
      </details>
      <UnfoldedCanvas drawing={drawing} position={Math.min(position, schedule.end)} selected={selected} label={sm.stackUnfolded(shape.layers, shape.bidirectional, tau)} testId="unfolded-graph" toolsIn={toolsIn} fitted={fitted} tall
      tools={hasInnerRows(model.variant) && (
        <button type="button" aria-pressed={opened} data-testid="open-cell" onClick={() => appStore.getState().setCellOpened(!opened)}>
          {opened ? m.closeCell : m.openCell}
        </button>
      )}
      />
    </div>
    </>
  );
}

/** The store's deep or bidirectional network, unfolded (and, with `folded`, its folded graph before it). */
export function StackGraph({ toolsIn = null, fitted = false, folded = false }: { readonly toolsIn?: HTMLElement | null; readonly fitted?: boolean; readonly folded?: boolean }) {
  const model = useApp(selectModel);
  const trace = useApp(selectStackTrace);
  return <StackGraphOf model={model} trace={trace} toolsIn={toolsIn} fitted={fitted} folded={folded} />;
}

/** In place of one cell's panels: where their work for a deep or bidirectional network is. */
export function StackPanelsNote() {
  const m = useMessages(stackMessages);
  return <p className="hint" data-testid="stack-panels">{m.stackPanels}</p>;
}
