/**
 * `ga-entry` (chapter 4, number): an Elman (tanh) network over tau = 4..8 steps, at the backward
 * step t with h(t) and dL/dh(t) shown; "what is entry i of g_a(t) = dL/da(t)?" The answer is the
 * engine's backward factor dL/da(t) (trace.gA, (1 - h_i(t)^2) dL/dh_i(t)), entry i drawn among
 * those at least 0.01 in size (the largest if none is). Tolerance: 1% of the answer, at least 1e-4.
 */
import { initModel, mirror, traceOf } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf } from './draw';
import type { GaEntry } from './types';

/** Within 1% of the engine's dL/da_i(t), or 1e-4 when that is larger. */
export const GA_ENTRY_TOLERANCE = { kind: 'relative', within: 0.01, floor: 1e-4 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const GA_ENTRY = { id: 'ga-entry', kind: 'number', chapter: 4 } as const;

/** The entries worth computing by hand: at least this size. */
const WORTH = 0.01;

/** The g_a exercise of a seed. */
export function gaEntry(seed: number): GaEntry {
  const draw = drawOf(seed);
  const tau = draw.int(4, 8);
  const H = draw.int(3, 5);
  const model = initModel({ variant: 'elman', input: draw.int(3, 4), hidden: H, output: draw.int(3, 4), length: tau, seed: draw.seed() });
  const t = draw.int(1, tau);
  const trace = traceOf(model);
  const ro = (t - 1) * H;
  const units = Array.from({ length: H }, (_, i) => i);
  const worth = units.filter((i) => Math.abs(trace.gA[ro + i]!) >= WORTH);
  const largest = units.reduce((m, i) => (Math.abs(trace.gA[ro + i]!) > Math.abs(trace.gA[ro + m]!) ? i : m), 0);
  const i = worth.length > 0 ? draw.pick(worth) : largest;
  const h = trace.h[t * H + i]!;
  const ga = trace.gA[ro + i]!;
  return {
    ...GA_ENTRY, seed, model,
    question: { key: 'ga-entry.question', params: { t, i } },
    scene: { position: mirror(tau, t), reveal: mirror(tau, t), selected: nodeId('h', t) },
    answer: ga,
    tolerance: GA_ENTRY_TOLERANCE,
    explanation: { key: 'ga-entry.explanation', params: { t, i, h, gh: trace.gH[ro + i]!, slope: 1 - h * h, ga } },
  };
}

/** One line in English, for tests and the command line. */
export function describeGaEntry(e: GaEntry): string {
  const { t, i, h, gh } = e.explanation.params;
  return `g_a(${t})[${i}] = (1 - (${h.toFixed(4)})^2) * ${gh.toFixed(4)} = ${e.answer.toPrecision(4)} (within 1%, at least 1e-4)`;
}
