/**
 * The text of a sampled scene beside the graph: the prompt x(1..p) in one style, then what the
 * network chose in another, x(p+1..tau) and the last draw y(tau), each generated character shown
 * once the forward pass has reached its step (so it grows as the cursor steps forward). Labels
 * are text nodes only, never HTML.
 */
import { cursorAt } from '../../graph/layout/index';
import { sampleMessages } from '../../i18n/messages/sample';
import { useMessages } from '../../i18n/useMessages';
import { selectModel, selectPosition, selectSampled } from '../../store/selectors';
import { useApp } from '../../store/store';
import { formatNumber } from '../format';

/** The steps whose generated character is shown at a position: forward up to the cursor's step, every one in BPTT. */
export function shownThrough(position: number, tau: number): number {
  const c = cursorAt(position, tau);
  return c.phase === 'forward' ? c.t : tau;
}

export function SampleText() {
  const sampled = useApp(selectSampled);
  const model = useApp(selectModel);
  const position = useApp(selectPosition);
  const m = useMessages(sampleMessages);
  if (sampled === null || model.sequence.inputs.kind !== 'tokens') return null;
  const tau = model.sequence.length;
  const ids = model.sequence.inputs.ids;
  const label = (id: number): string => {
    const l = model.labels?.input?.[id];
    return l === undefined ? `#${id} ` : l;
  };
  const through = shownThrough(position, tau);
  // Step t's token: x(t) for t <= tau; y(tau), the last draw, goes with step tau.
  const tokens = [...Array.from(ids, (id, i) => ({ t: i + 1, id, last: false })), { t: tau, id: model.sequence.targets[tau - 1]!, last: true }];
  const rule = sampled.greedy ? m.ruleGreedy : m.ruleDraw(formatNumber(sampled.temperature));
  return (
    <div className="sample-text" data-testid="sample-text" title={m.textHint}>
      <span className="sample-caption">{m.sampledFrom(sampled.prompt + 1, rule)}:</span>{' '}
      <span className="sample-tokens">
        {tokens.map(({ t, id, last }) => {
          const prompt = !last && t <= sampled.prompt;
          if (!prompt && t > through) return null;
          return (
            <span key={last ? 'last' : t} className={prompt ? 'prompt' : 'generated'} data-step={last ? `y${t}` : t}>{label(id)}</span>
          );
        })}
      </span>
    </div>
  );
}
