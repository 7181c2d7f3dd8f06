/**
 * What the exercise tests share: the seeds, the engine-side checks computed apart from the
 * generators' code paths, and the wrong answers every kind is tried with.
 */
import { expect } from 'vitest';
import type { Model } from '../../../src/engine/index';
import { runPass } from '../../../src/engine/index';
import type { Exercise, ExerciseOfKind } from '../../../src/graph/exercises/index';
import { allowance, grade } from '../../../src/graph/exercises/index';

/** The seeds every exercise is generated from. */
export const SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => i + 1);

/** A number as the page shows it: 4 significant digits. */
export const shown = (x: number): number => Number(x.toPrecision(4));

/** How many different instances the seeds give (by question, answer and model parameters). */
export function distinctCount(exercises: readonly Exercise[]): number {
  return new Set(exercises.map((e) => JSON.stringify([e.question, e.answer, Array.from(e.model.params.U!)]))).size;
}

/** The model on its first `length` steps only (the forward pass is causal: steps 1..length are unchanged). */
export function prefixOf(model: Model, length: number): Model {
  const { inputs, targets } = model.sequence;
  if (inputs.kind !== 'tokens') throw new Error('token inputs expected');
  return { ...model, sequence: { length, inputs: { kind: 'tokens', ids: inputs.ids.slice(0, length) }, targets: targets.slice(0, length) } };
}

/**
 * ||dL(s)/dh(t)|| for t = 1..s, entry t-1, by the engine's own passes and nothing else: BPTT over
 * steps 1..s gives the gradient of L(1) + ... + L(s), over steps 1..s-1 that of L(1) + ... + L(s-1);
 * their difference at h(t) is what L(s) alone sends there (exactly 0 where none of it arrives: the
 * two passes compute the same numbers in the same order). Truncation cuts at multiples of k,
 * whatever tau is, so both passes cut where the model does.
 */
export function normsFromLoss(model: Model, s: number): number[] {
  const H = model.sizes.hidden;
  const upTo = runPass(prefixOf(model, s)).backward.gH;
  const before = s > 1 ? runPass(prefixOf(model, s - 1)).backward.gH : new Float64Array(0);
  return Array.from({ length: s }, (_, i) => {
    let sq = 0;
    for (let j = 0; j < H; j++) sq += (upTo[i * H + j]! - (i < s - 1 ? before[i * H + j]! : 0)) ** 2;
    return Math.sqrt(sq);
  });
}

/** The ids h@t of the steps t whose norm is not 0. */
export const reachedOf = (norms: readonly number[]): string[] => norms.flatMap((n, i) => (n > 0 ? [`h@${i + 1}`] : []));

/** Picks: the answer is right; one missing and one extra are wrong, each named. */
export function expectPickGrades(e: ExerciseOfKind<'pick-nodes'>): void {
  expect(grade(e, { kind: 'pick-nodes', nodes: e.answer })).toMatchObject({ correct: true, why: { kind: 'right' }, explanation: e.explanation });
  expect(grade(e, { kind: 'pick-nodes', nodes: [...e.answer].reverse() }).correct).toBe(true);
  const [dropped, ...rest] = e.answer;
  // One node short (of an answer of one node, none: no answer, below).
  if (rest.length > 0) expect(grade(e, { kind: 'pick-nodes', nodes: rest })).toEqual({ correct: false, why: { kind: 'nodes', missed: [dropped], extra: [] }, explanation: e.explanation });
  const extra = e.candidates.find((id) => !e.answer.includes(id)) ?? 'o@1';
  expect(grade(e, { kind: 'pick-nodes', nodes: [...e.answer, extra] })).toEqual({ correct: false, why: { kind: 'nodes', missed: [], extra: [extra] }, explanation: e.explanation });
  // Every answer has a node (nothing picked is no answer, not a wrong one).
  expect(e.answer.length).toBeGreaterThan(0);
  expect(grade(e, { kind: 'pick-nodes', nodes: [] })).toMatchObject({ correct: false, why: { kind: 'no-answer' } });
}

/** Choices: the answer is right, every other option (and a key that is none) wrong, naming both; nothing chosen is no answer. */
export function expectChoiceGrades(e: ExerciseOfKind<'choose'>): void {
  expect(grade(e, { kind: 'choose', option: e.answer })).toEqual({ correct: true, why: { kind: 'right' }, explanation: e.explanation });
  for (const other of [...e.options.filter((o) => o !== e.answer), 'none of them']) {
    expect(grade(e, { kind: 'choose', option: other })).toEqual({ correct: false, why: { kind: 'option', chosen: other, answer: e.answer }, explanation: e.explanation });
  }
  expect(grade(e, { kind: 'choose', option: '' })).toMatchObject({ correct: false, why: { kind: 'no-answer' } });
}

/** Numbers: the answer and anything within the tolerance are right; 10 tolerances off is wrong, with its reason; NaN and infinities are no answer. */
export function expectNumberGrades(e: ExerciseOfKind<'number'>, answer: number): void {
  const tol = allowance(e.tolerance, e.answer);
  expect(grade(e, { kind: 'number', value: answer })).toMatchObject({ correct: true, why: { kind: 'right' } });
  expect(grade(e, { kind: 'number', value: answer + 0.9 * tol }).correct).toBe(true);
  for (const sign of [1, -1]) {
    const { correct, why } = grade(e, { kind: 'number', value: answer + sign * 10 * tol });
    expect(correct).toBe(false);
    expect(why.kind).toBe('off');
    if (why.kind !== 'off') return;
    expect(why.by).toBeCloseTo(sign * 10 * tol, 9);
    expect(why.tolerance).toBe(tol);
  }
  for (const value of [NaN, Infinity, -Infinity]) {
    expect(grade(e, { kind: 'number', value })).toEqual({ correct: false, why: { kind: 'no-answer' }, explanation: e.explanation });
  }
}
