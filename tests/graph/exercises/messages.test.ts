/** Every exercise worded in both languages: its question, its explanation and its options, from its parameters. */
import { describe, expect, it } from 'vitest';
import type { Exercise } from '../../../src/graph/exercises/index';
import { EXERCISES } from '../../../src/graph/exercises/index';
import { exerciseMessages } from '../../../src/i18n/messages/exercises';
import { SEEDS } from './support';

type Text = typeof exerciseMessages.en;

/** A message in words, as the exercise panel says it. */
const say = (m: Text, message: Exercise['question'] | Exercise['explanation']): string =>
  (m[message.key] as (p: typeof message.params) => string)(message.params);

describe('the exercises in words', () => {
  it('words every question and explanation in English and Chinese, with no missing or non-finite number', () => {
    for (const lang of ['en', 'zh'] as const) {
      const m = exerciseMessages[lang];
      for (const spec of EXERCISES) for (const seed of SEEDS) {
        const e = spec.generate(seed);
        for (const message of [e.question, e.explanation]) {
          const text = say(m, message);
          expect(text.length).toBeGreaterThan(20);
          expect(text).not.toMatch(/undefined|NaN|Infinity|\[object/);
        }
      }
    }
  });

  it('words every option of a choice in both languages, English as the key reads', () => {
    for (const spec of EXERCISES) {
      const e = spec.generate(1);
      if (e.kind !== 'choose') continue;
      for (const o of e.options) {
        expect(exerciseMessages.en[o]).toBe(o);
        expect(typeof exerciseMessages.zh[o]).toBe('string');
        expect(exerciseMessages.zh[o]).not.toBe('');
      }
    }
  });

  it('says which network a question is about, and tells the two languages apart', () => {
    for (const spec of EXERCISES) {
      const e = spec.generate(2);
      expect(say(exerciseMessages.en, e.question)).not.toBe(say(exerciseMessages.zh, e.question));
      expect(say(exerciseMessages.en, e.explanation)).not.toBe(say(exerciseMessages.zh, e.explanation));
    }
  });
});
