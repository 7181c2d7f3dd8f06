/** teacher-forcing-reach: under teacher forcing L(s)'s gradient stays at h(s); fed back, it reaches every h(t <= s). */
import { describe, expect, it } from 'vitest';
import { FEEDBACKS } from '../../../src/engine/index';
import { teacherForcingReach } from '../../../src/graph/exercises/index';
import { SEEDS, expectPickGrades, normsFromLoss, reachedOf } from './support';

/** More seeds than SEEDS, so that every feedback is drawn. */
const MORE = Array.from({ length: 40 }, (_, i) => i + 1);

describe('teacher-forcing-reach', () => {
  it('draws Jordan networks with every feedback, teacher forcing among them', () => {
    const drawn = new Set(MORE.map((seed) => teacherForcingReach(seed).model.feedback));
    expect([...drawn].sort()).toEqual([...FEEDBACKS].sort());
    for (const seed of SEEDS) {
      const e = teacherForcingReach(seed);
      expect(e.model.variant).toBe('jordan');
      expect(e.model.truncation).toBeNull();
      expect(e.question.params.feedback).toBe(e.model.feedback);
      expect(e.scene.selected).toBe(`L@${e.question.params.s}`);
    }
  });

  it("answers with exactly the h(t) that L(s)'s gradient reaches in the engine's BPTT", () => {
    for (const seed of MORE) {
      const e = teacherForcingReach(seed);
      const { s, feedback } = e.question.params;
      const reached = reachedOf(normsFromLoss(e.model, s));
      expect(e.answer).toEqual(reached);
      // What MODEL.md says: under teacher forcing nothing crosses time; fed back, everything does.
      expect(reached).toEqual(feedback === 'teacher' ? [`h@${s}`] : Array.from({ length: s }, (_, i) => `h@${i + 1}`));
      expect(e.explanation.params).toEqual({ s, feedback, crosses: feedback !== 'teacher', first: feedback === 'teacher' ? s : 1 });
    }
  });

  it('grades the answer right, a missing and an extra node wrong, naming them', () => {
    for (const seed of MORE) expectPickGrades(teacherForcingReach(seed));
  });
});
