/**
 * The margin questions of section 10.2, each answered in a few lines and checked on the live
 * model: o as unnormalised log-probabilities, the loss as a sum of negative log-likelihoods,
 * the cost of BPTT and what teacher forcing changes, universality, Jordan against Elman, h(0),
 * teacher forcing against free running (and whether this scene was generated).
 */
import type { ReactNode } from 'react';
import type { Model } from '../../engine/index';
import { readsOutAtEnd, teacherForced } from '../../engine/index';
import type { ExplanationId } from '../../graph/explain/index';
import { EXPLANATION_IDS, bpttCost, lossSum, softmaxDemo } from '../../graph/explain/index';
import { cursorAt } from '../../graph/layout/index';
import { explainMessages } from '../../i18n/messages/explain';
import { useMessages } from '../../i18n/useMessages';
import { selectCurrentTrace, selectModel, selectPosition, selectSampled, selectSelected } from '../../store/selectors';
import { useApp } from '../../store/store';
import { formatBytes, formatNumber } from '../format';
import { Label } from '../Label';

/** Most rows a table shows (the sums and checks use every entry). */
const ROWS = 12;

/** A class id's label (user text, shown as text, isolated and cut to a table cell with the whole on hover), or #id. */
const classLabel = (model: Model, id: number): ReactNode => {
  const label = model.labels?.output?.[id];
  return label === undefined ? `#${id}` : <Label text={label} max={CELL_GRAPHEMES} />;
};

/** Graphemes of a class label kept in a table cell. */
const CELL_GRAPHEMES = 16;

/** The step the softmax table shows: the selected node's, else the cursor's; tau for single output. */
function stepShown(model: Model, position: number, selected: string | null): number {
  const tau = model.sequence.length;
  if (readsOutAtEnd(model)) return tau;
  const match = selected ? /@(\d+)$/.exec(selected) : null;
  const t = match ? Number(match[1]) : cursorAt(position, tau).t;
  return Math.min(tau, Math.max(1, t));
}

function SoftmaxAnswer({ model, t }: { model: Model; t: number }) {
  const m = useMessages(explainMessages);
  const trace = useApp(selectCurrentTrace);
  const demo = trace ? softmaxDemo(model, trace, t) : null;
  const K = model.sizes.output;
  return (
    <>
      <p>{m.softmaxA1}</p>
      <p>{m.softmaxA2}</p>
      {!trace ? <p className="hint">{m.noTrace}</p> : !demo ? <p className="hint">{m.softmaxNone}</p> : (
        <>
          <p>{m.softmaxAt(t)}</p>
          <table className="compare-table" data-testid="softmax-table">
            <thead><tr><th scope="col">{m.colClass}</th><th scope="col">{m.colO}</th><th scope="col">{m.colYhat}</th><th scope="col">{m.colLog}</th><th scope="col">{m.colDiff}</th></tr></thead>
            <tbody>
              {Array.from({ length: Math.min(K, ROWS) }, (_, i) => (
                <tr key={i}>
                  <th scope="row">{classLabel(model, i)}</th>
                  <td>{formatNumber(demo.o[i]!)}</td>
                  <td>{formatNumber(demo.yhat[i]!)}</td>
                  <td>{formatNumber(demo.logYhat[i]!)}</td>
                  <td>{formatNumber(demo.o[i]! - demo.logYhat[i]!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {K > ROWS && <p className="hint">{m.moreClasses(ROWS, K)}</p>}
          <p data-testid="softmax-live">{m.softmaxLive(formatNumber(demo.constant), formatNumber(demo.deviation), formatNumber(demo.total), demo.shift, formatNumber(demo.shiftChange))}</p>
        </>
      )}
    </>
  );
}

function LossAnswer({ model }: { model: Model }) {
  const m = useMessages(explainMessages);
  const trace = useApp(selectCurrentTrace);
  const sum = trace ? lossSum(model, trace) : null;
  return (
    <>
      <p>{m.lossA1}</p>
      <p>{m.lossA2}</p>
      <p>{m.lossA3}</p>
      {teacherForced(model) && <p>{m.lossTeacher}</p>}
      {readsOutAtEnd(model) && <p>{m.lossSingle}</p>}
      {!sum ? <p className="hint">{m.noTrace}</p> : (
        <>
          <table className="compare-table" data-testid="loss-table">
            <thead><tr><th scope="col">{m.colT}</th><th scope="col">{m.colTarget}</th><th scope="col">{m.colP}</th><th scope="col">{m.colL}</th></tr></thead>
            <tbody>
              {sum.terms.slice(0, ROWS).map((term) => (
                <tr key={term.t}>
                  <th scope="row">{term.t}</th>
                  <td>{classLabel(model, term.target)}</td>
                  <td>{formatNumber(term.p)}</td>
                  <td>{formatNumber(term.loss)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sum.terms.length > ROWS && <p className="hint">{m.moreSteps(ROWS, sum.terms.length)}</p>}
          <p data-testid="loss-live">{m.lossLive(formatNumber(sum.total), formatNumber(sum.product), formatNumber(sum.expMinusTotal))}</p>
        </>
      )}
    </>
  );
}

function BpttAnswer({ model }: { model: Model }) {
  const m = useMessages(explainMessages);
  const cost = bpttCost(model);
  return (
    <>
      <p>{m.bpttA1}</p>
      <p>{m.bpttA2}</p>
      <p data-testid="bptt-live">{m.bpttLive(cost.tau, cost.held, formatBytes(8 * cost.held), cost.heldDouble)}</p>
      <p>{m.bpttTeacher}</p>
      <p><strong>{cost.chained ? m.bpttThisChained : m.bpttThisTeacher}</strong></p>
    </>
  );
}

/** One question, closed until asked. */
function Question({ q, children }: { q: string; children: ReactNode }) {
  return (
    <details className="analysis">
      <summary>{q}</summary>
      {children}
    </details>
  );
}

/** One question with its answer on the live model, closed until asked. */
export function Explanation({ id }: { id: ExplanationId }) {
  const m = useMessages(explainMessages);
  const model = useApp(selectModel);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const sampled = useApp(selectSampled);
  switch (id) {
    case 'softmax': return <Question q={m.softmaxQ}><SoftmaxAnswer model={model} t={stepShown(model, position, selected)} /></Question>;
    case 'loss': return <Question q={m.lossQ}><LossAnswer model={model} /></Question>;
    case 'bptt': return <Question q={m.bpttQ}><BpttAnswer model={model} /></Question>;
    case 'turing':
      return (
        <Question q={m.turingQ}>
          <ul>
            <li>{m.turing1}</li>
            <li>{m.turing2}</li>
            <li>{m.turing3}</li>
            <li>{m.turing4}</li>
          </ul>
        </Question>
      );
    case 'output-recurrence': return <Question q={m.jordanQ}><p>{m.jordanA}</p></Question>;
    case 'h0': return <Question q={m.h0Q}><p>{m.h0A}</p></Question>;
    case 'free':
      return (
        <Question q={m.freeQ}>
          <p>{m.free1}</p>
          <p>{m.free2}</p>
          {sampled && <p data-testid="free-this"><strong>{m.freeThis(sampled.prompt + 1)}</strong></p>}
        </Question>
      );
    case 'gated': return <Question q={m.gatedQ}><p>{m.gated1}</p><p>{m.gated2}</p><p>{m.gated3}</p></Question>;
  }
}

export function Explanations() {
  const m = useMessages(explainMessages);
  return (
    <section aria-labelledby="explain-title" className="panel explanations">
      <h2 id="explain-title">{m.title}</h2>
      <p className="hint">{m.intro}</p>
      {EXPLANATION_IDS.map((id) => <Explanation key={id} id={id} />)}
    </section>
  );
}
