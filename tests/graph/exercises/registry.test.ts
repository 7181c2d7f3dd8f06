/** The exercises as a whole: the registry, seeds, descriptions, and grading a response of the wrong kind. */
import { describe, expect, it } from 'vitest';
import { graphShapeOf, parseSelection } from '../../../src/graph/layout/index';
import type { Response } from '../../../src/graph/exercises/index';
import { EXERCISES, EXERCISE_IDS, MAX_EXERCISE_SEED, describeExercise, exercisesOfChapter, generateExercise, grade, isExerciseId } from '../../../src/graph/exercises/index';
import { SEEDS, distinctCount } from './support';

describe('exercises', () => {
  it('lists the exercises in chapter order, each generating exercises of its id, kind and chapter', () => {
    expect(EXERCISE_IDS).toEqual([
      'shared-count', 'forward-entry', 'softmax-shift', 'ga-entry', 'shared-gradient', 'teacher-forcing-reach', 'single-output-reach',
      'truncation-reach', 'vanishing-direction', 'memory-reach', 'lstm-cell-state', 'gru-update',
    ]);
    const chapters = EXERCISES.map((s) => s.chapter);
    expect(chapters).toEqual([...chapters].sort((a, b) => a - b));
    for (const spec of EXERCISES) {
      const e = spec.generate(7);
      expect(e).toMatchObject({ id: spec.id, kind: spec.kind, chapter: spec.chapter, seed: 7 });
      expect(generateExercise(spec.id, 7)).toEqual(e);
      expect(exercisesOfChapter(spec.chapter)).toContain(spec.id);
      expect(e.question.key).toBe(`${spec.id}.question`);
      expect(e.explanation.key).toBe(`${spec.id}.explanation`);
    }
    // Every chapter of the tour ends with an exercise; there is none past the twelfth.
    for (let chapter = 1; chapter <= 12; chapter++) expect(exercisesOfChapter(chapter).length).toBeGreaterThanOrEqual(1);
    expect(exercisesOfChapter(13)).toEqual([]);
    expect(new Set(EXERCISES.map((s) => s.kind))).toEqual(new Set(['pick-nodes', 'choose', 'number']));
    expect(isExerciseId('truncation-reach')).toBe(true);
    expect(isExerciseId('truncation')).toBe(false);
  });

  it.each(EXERCISES.map((s) => [s.id, s] as const))('%s: the same exercise for the same seed, and another for other seeds', (_, spec) => {
    for (const seed of SEEDS) expect(spec.generate(seed)).toEqual(spec.generate(seed));
    expect(distinctCount(SEEDS.map((seed) => spec.generate(seed)))).toBeGreaterThanOrEqual(15);
  });

  it('takes any 32-bit unsigned seed and refuses anything else, naming it', () => {
    for (const spec of EXERCISES) {
      expect(spec.generate(0).seed).toBe(0);
      expect(spec.generate(MAX_EXERCISE_SEED).seed).toBe(MAX_EXERCISE_SEED);
      for (const bad of [-1, 1.5, NaN, MAX_EXERCISE_SEED + 1]) expect(() => spec.generate(bad)).toThrow(RangeError);
    }
    expect(() => generateExercise('truncation-reach', -1)).toThrow(/seed: expected an integer in 0\.\.4294967295, got -1/);
  });

  it('keeps the scene within the pass: positions in 0..2 tau, a node or parameter that exists (or none)', () => {
    for (const spec of EXERCISES) for (const seed of SEEDS) {
      const e = spec.generate(seed);
      const tau = e.model.sequence.length;
      for (const p of [e.scene.position, e.scene.reveal]) {
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(2 * tau);
      }
      if (e.scene.selected !== null) expect(typeof parseSelection(e.scene.selected, graphShapeOf(e.model))).toBe('object');
    }
  });

  it('describes each exercise and its answer in one line', () => {
    for (const spec of EXERCISES) {
      const line = describeExercise(spec.generate(3));
      expect(line.startsWith(`${spec.id} (seed 3): `)).toBe(true);
      expect(line).not.toContain('\n');
    }
  });

  it('refuses a response of another kind', () => {
    const responses: Response[] = [{ kind: 'pick-nodes', nodes: ['h@1'] }, { kind: 'choose', option: 'larger' }, { kind: 'number', value: 0 }];
    for (const spec of EXERCISES) {
      const e = spec.generate(1);
      for (const r of responses.filter((x) => x.kind !== e.kind)) {
        expect(() => grade(e, r as never)).toThrow(new TypeError(`${e.id}: expected a ${e.kind} response, got ${r.kind}`));
      }
    }
  });
});
