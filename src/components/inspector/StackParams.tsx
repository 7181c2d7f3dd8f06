/**
 * A deep or bidirectional network's parameters in the inspector, chosen by row (a layer and
 * direction, or the output layer's V and c) then by name (PyTorch's, `Wf_l1_reverse`); for the one chosen,
 * what it is, its gradient once BPTT has completed it (heatmap and numbers) and its Check.
 */
import { useId, useState } from 'react';
import type { Model, StackTrace } from '../../engine/index';
import { cellOfVariant, modelParamNames, modelParamShape, parseStackParam, readoutKindOf, stackParamName, stackShapeOf } from '../../engine/index';
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

/**
 * The parameters as toggle buttons: a choice of layer and direction (or the output layer), then
 * that group's parameters by their cell's names, each button named in full (`Wu_l1_reverse`).
 * The group shown follows the selected parameter.
 */
export function StackParamList({ model, selected }: { readonly model: Model; readonly selected: string | null }) {
  const m = useMessages(inspectorMessages);
  const id = useId();
  const cell = cellOfVariant(model.variant);
  const groups: { readonly label: string; readonly params: readonly (readonly [string, string])[] }[] = [
    ...sweepsOf(stackShapeOf(model)).map((w) => ({ label: m.stackParams(sweepName(w)), params: cell.params.map((p) => [p.name, stackParamName(p.name, w.layer, w.reverse)] as const) })),
    { label: m.stackOutputParams, params: [['V', 'V'], ['c', 'c']] as const },
  ];
  const [chosen, setChosen] = useState(0);
  const ofSelected = groups.findIndex((g) => g.params.some(([, full]) => full === selected));
  const shown = ofSelected >= 0 ? ofSelected : chosen;
  return (
    <div className="param-groups">
      <div className="field">
        <label htmlFor={id}>{m.stackParamGroup}</label>
        <select id={id} value={shown} onChange={(e) => {
          setChosen(Number(e.target.value));
          if (ofSelected >= 0) appStore.getState().select(null);
        }}>
          {groups.map((g, i) => <option key={g.label} value={i}>{g.label}</option>)}
        </select>
      </div>
      <div className="param-list" role="group" aria-label={groups[shown]!.label}>
        {groups[shown]!.params.map(([base, full]) => (
          <button key={full} type="button" aria-label={full} title={full} aria-pressed={selected === full} onClick={() => appStore.getState().select(selected === full ? null : full)}>
            {base}
          </button>
        ))}
      </div>
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
  const complete = gradientCompleteAt(shape, tau, readoutKindOf(model), sweep);
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
