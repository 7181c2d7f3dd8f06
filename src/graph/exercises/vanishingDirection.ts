/**
 * `vanishing-direction` (chapter 9, choose 'larger' | 'smaller'): the Elman cell (tanh or ReLU,
 * drawn) with W = s I (s in 0.5, 0.6, 1.3, 1.5), read out once at the end (figure 10.5),
 * tau = 10..20; "is ||dL/dh(1)|| larger or smaller than ||dL/dh(tau)||?" The answer is the
 * engine's trace (dL/dh(t), rows of trace.gH). The network is the single-output one because there
 * dL/dh(t) is only what L(tau) sends back through t; with a loss at every step, dL/dh(1) is mostly
 * L(1)'s own gradient and the comparison says nothing about vanishing. With tanh the gradient
 * shrinks for every s here (for s > 1 h(t) saturates and tanh' is small); with ReLU it grows for
 * s > 1. Models whose two norms are within a factor 2, or either is 0 (ReLU units dead along the
 * way), are drawn again from the same stream, so the answer is never a near tie.
 */
import type { Nonlinearity } from '../../engine/index';
import { NONLINEARITIES, identityRecurrence, initModel, traceOf } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf, stepNorm } from './draw';
import type { VanishingDirection } from './types';

/** What it is: its id, its kind, the tour's chapter it ends. */
export const VANISHING_DIRECTION = { id: 'vanishing-direction', kind: 'choose', chapter: 9 } as const;

/** The scales of W = s I the exercise draws from: two that shrink, two that (would) grow. */
export const VANISHING_SCALES: readonly number[] = [0.5, 0.6, 1.3, 1.5];
/** The two norms differ by at least this factor. */
export const DECISIVE_RATIO = 2;
/** Draws at most this many models for a decisive one (the last is kept if none is). */
const MAX_TRIES = 32;

/** dh_i/da_i read from h_i: tanh' = 1 - h^2, ReLU' = [h > 0]. */
const slopeOf = (nonlinearity: Nonlinearity, h: number): number => (nonlinearity === 'relu' ? (h > 0 ? 1 : 0) : 1 - h * h);

/** The vanishing-gradient exercise of a seed. */
export function vanishingDirection(seed: number): VanishingDirection {
  const draw = drawOf(seed);
  const scale = draw.pick(VANISHING_SCALES);
  const nonlinearity: Nonlinearity = draw.pick(NONLINEARITIES);
  const tau = draw.int(10, 20);
  const sizes = { input: draw.int(3, 4), hidden: draw.int(4, 6), output: draw.int(3, 4) };
  const H = sizes.hidden;
  for (let attempt = 1; ; attempt++) {
    const model = identityRecurrence(initModel({ variant: 'single-output', nonlinearity, ...sizes, length: tau, seed: draw.seed() }), scale);
    const trace = traceOf(model);
    const first = stepNorm(trace.gH, 1, H);
    const last = stepNorm(trace.gH, tau, H);
    const ratio = first / last;
    const decisive = first > 0 && last > 0 && (ratio >= DECISIVE_RATIO || ratio <= 1 / DECISIVE_RATIO);
    if (!decisive && attempt < MAX_TRIES) continue;
    let slope = 0;
    for (let i = H; i < (tau + 1) * H; i++) slope += slopeOf(nonlinearity, trace.h[i]!);
    return {
      ...VANISHING_DIRECTION, seed, model,
      question: { key: 'vanishing-direction.question', params: { scale, tau, nonlinearity } },
      scene: { position: tau, reveal: 2 * tau, selected: nodeId('h', 1) },
      options: ['larger', 'smaller'],
      answer: first > last ? 'larger' : 'smaller',
      explanation: {
        key: 'vanishing-direction.explanation',
        params: { scale, tau, nonlinearity, first, last, ratio, perStep: ratio ** (1 / (tau - 1)), slope: slope / (tau * H) },
      },
    };
  }
}

/** One line in English, for tests and the command line. */
export function describeVanishingDirection(e: VanishingDirection): string {
  const { scale, tau, nonlinearity } = e.question.params;
  const { first, last } = e.explanation.params;
  return `${nonlinearity}, W = ${scale} I, tau = ${tau}: ||dL/dh(1)|| = ${first.toPrecision(3)} is ${e.answer} than ||dL/dh(${tau})|| = ${last.toPrecision(3)}`;
}
