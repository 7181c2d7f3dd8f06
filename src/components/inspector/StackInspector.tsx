/**
 * The inspector of a deep or bidirectional network: the selected node of its graph (a layer's and
 * direction's h, its gates, o, yhat, L, x, y), its value and dL/d(node) as far as the cursor has
 * computed them (graph/layout/stackSchedule.ts), read from the stack's pass, and the Check of
 * dL/d(node) against central differences of the stack's loss.
 */
import { useMemo } from 'react';
import type { CheckTarget } from '../../engine/index';
import { stackReader } from '../../graph/charts/stackNumbers';
import { stackKind } from '../../graph/layout/index';
import { useStackView } from '../graph/useStackView';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { selectModel, selectPosition, selectSelected, selectStackTrace } from '../../store/selectors';
import { useApp } from '../../store/store';
import { formatNumber } from '../format';
import { symbolsOf } from '../graph/UnfoldedGraph';
import { CheckPanel } from './CheckPanel';
import { StackParamList, StackParamView, isStackParam } from './StackParams';
import { VectorView } from './VectorView';

/** The inspector's content under its heading, for a deep or bidirectional network. */
export function StackInspector() {
  const model = useApp(selectModel);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const trace = useApp(selectStackTrace);
  const m = useMessages(inspectorMessages);
  // Opened, so that a gate selected in the opened cell is found too.
  const { layout, stack, schedule } = useStackView(model, true);
  const reader = useMemo(() => (trace ? stackReader(stack, trace) : null), [stack, trace]);
  const node = selected === null ? null : layout.nodes.find((n) => n.id === selected) ?? null;
  const body = (() => {
    if (selected === null) return <p className="hint">{m.stackChoose}</p>;
    if (isStackParam(model, selected)) return <StackParamView key={selected} model={model} trace={trace} position={position} name={selected} />;
    if (node === null) return <p className="hint">{m.nothing(m.stackNoNode(selected))}</p>;
    if (reader === null) return null;
    const state = schedule.at(position).node(node);
    const vectors = reader.vectors(node);
    if (vectors) {
      const value = state.value ? vectors.value : null;
      if (vectors.grad === null) return <VectorView name={node.label} value={value} />;
      // A layer's and direction's cell node, or o, at a step of the sequence: checked by its stack name.
      const checkable = node.t >= 1 && node.t <= model.sequence.length && (node.kind === 'o' || stack.cell.nodes.some((n) => n.name === node.kind));
      const target: CheckTarget = { kind: 'node', node: node.kind === 'o' ? 'o' : stackKind(node.kind, node.layer ?? 0, node.reverse ?? false), t: node.t };
      return (
        <>
          <VectorView name={node.label} value={value} grad={state.gradient ? vectors.grad : null} />
          {checkable && <CheckPanel options={[{ button: m.check, name: `dL/d${node.label}`, target }]} />}
        </>
      );
    }
    const { value } = reader.numbers(node);
    // A token or class by its label; a dense input by the mean of its entries.
    const symbol = node.kind === 'y' || (node.kind === 'x' && model.sequence.inputs.kind === 'tokens');
    const shown = symbol ? symbolsOf(model)(node.kind as 'x' | 'y', value) : formatNumber(value);
    return <p className="hint">{state.value ? m.scalar(node.label, shown) : m.notYet}</p>;
  })();
  return (
    <>
      <StackParamList model={model} selected={selected} />
      {body}
      <p className="hint">{m.stackMore}</p>
    </>
  );
}
