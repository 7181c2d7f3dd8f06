/**
 * A deep or bidirectional network's parameters in the inspector: a row of buttons per layer and
 * direction (PyTorch's names, `Wf_l1_reverse`) and the output layer's V and c; for the one chosen,
 * what it is, its gradient once BPTT has completed it (heatmap and numbers) and its Check.
 */
import { useId } from 'react';
import type { Model, StackTrace } from '../../engine/index';
import { cellOfVariant, modelParamNames, modelParamShape, parseStackParam, readsOutAtEnd, stackParamName, stackShapeOf } from '../../engine/index';
import { stackName } from '../../graph/layout/index';
import type { Sweep } from '../../graph/layout/stackSchedule';
import { gradientCompleteAt, sweepsOf } from '../../graph/layout/stackSchedule';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { appStore } from '../../store/store';
import { CheckPanel } from './CheckPanel';
import { Heatmap, MatrixTable } from './Heatmap';
import { describe } from './ParamView';

/** A sweep as the transport names it: `h₁`, `←h`. */
const sweepName = (sweep: Sweep): string => stackName('h', sweep.layer, sweep.reverse);

/** Whether a name is one of the model's parameters. */
export const isStackParam = (model: Model, name: string): boolean => modelParamNames(model).includes(name);

/** The parameters as toggle buttons, a group per layer and direction, then the output layer's. */
export function StackParamList({ model, selected }: { readonly model: Model; readonly selected: string | null }) {
  const m = useMessages(inspectorMessages);
  const id = useId();
  const cell = cellOfVariant(model.variant);
  const groups: [string, readonly string[]][] = [
    ...sweepsOf(stackShapeOf(model)).map((w): [string, readonly string[]] => [m.stackParams(sweepName(w)), cell.params.map((p) => stackParamName(p.name, w.layer, w.reverse))]),
    [m.stackOutputParams, ['V', 'c']],
  ];
  return (
    <div className="param-groups" role="group" aria-label={m.parameters}>
      {groups.map(([label, names], i) => (
        <div key={label} className="param-list" role="group" aria-labelledby={`${id}-${i}`}>
          <span className="param-group-label" id={`${id}-${i}`}>{label}</span>
          {names.map((name) => (
            <button key={name} type="button" aria-pressed={selected === name} onClick={() => appStore.getState().select(selected === name ? null : name)}>
              {name}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The chosen parameter of a stack: what it is, dL/d(parameter) once complete at the cursor, and its Check. */
export function StackParamView({ model, trace, position, name }: { readonly model: Model; readonly trace: StackTrace | null; readonly position: number; readonly name: string }) {
  const m = useMessages(inspectorMessages);
  const shape = stackShapeOf(model);
  const tau = model.sequence.length;
  const [rows, cols] = modelParamShape(model, name);
  const own = parseStackParam(cellOfVariant(model.variant), shape, name);
  const sweep = own && { layer: own.layer, reverse: own.reverse };
  const what = own && sweep ? m.stackParamOf(describe(m, model, own.param), sweepName(sweep)) : describe(m, model, name);
  const complete = gradientCompleteAt(shape, tau, readsOutAtEnd(model) ? 'last' : 'every', sweep);
  const label = `dL/d${name}`;
  const gradient = trace !== null && position >= complete ? trace.grads[name] ?? null : null;
  return (
    <div className="param-view">
      <h3>{cols > 1 ? m.paramMatrix(name, what, rows, cols) : m.paramVector(name, what, rows)}</h3>
      <p data-testid="reach">{gradient ? m.paramDone(label) : m.stackParamPending(label, complete)}</p>
      {gradient && (
        <>
          <Heatmap name={label} values={gradient} rows={rows} cols={cols} label={m.gradient(label, rows, cols)} />
          <MatrixTable name={label} values={gradient} rows={rows} cols={cols} />
        </>
      )}
      <CheckPanel options={[{ button: m.check, name: label, target: { kind: 'param', name } }]} cols={cols} />
    </div>
  );
}
