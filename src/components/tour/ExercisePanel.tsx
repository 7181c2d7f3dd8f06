/**
 * A chapter's exercise, predict then run (issue 14): the exercise's seeded model becomes the scene
 * at the position it asks about; the learner commits to an answer (nodes picked in the graph, an
 * option, or a number worked out by hand from what the inspector shows) before the app shows the
 * engine's; then the verdict, why, and the answer on the graph (the cursor moved to where it is
 * computed, the answer's nodes picked). "Try another" draws the next seed: a new instance with its
 * own answer. The chapter's score is kept in the browser only.
 */
import { useId, useState } from 'react';
import type { Exercise, ExerciseId, Grade, Response } from '../../graph/exercises/index';
import { allowance, generateExercise, grade } from '../../graph/exercises/index';
import { labelOfNodeId } from '../../graph/layout/index';
import { exerciseMessages } from '../../i18n/messages/exercises';
import { useMessages } from '../../i18n/useMessages';
import { appStore, useApp } from '../../store/store';
import { recordScore, scoreOf } from '../../store/tour';
import { formatNumber } from '../format';
import { storage } from './storage';

type Text = typeof exerciseMessages.en;

/** An exercise's question or explanation in words. */
function say(m: Text, message: Exercise['question'] | Exercise['explanation']): string {
  const word = m[message.key] as (p: typeof message.params) => string;
  return word(message.params);
}

/** A list of node ids as the graph labels them: `h(3), h(4)`. */
const nodesText = (ids: readonly string[]): string => ids.map(labelOfNodeId).join(', ');

/** Loads the exercise's model as the scene, at the position it asks about; picking starts for a pick-nodes exercise. */
function setScene(e: Exercise): void {
  const s = appStore.getState();
  s.loadState({ model: e.model, config: null, position: e.scene.position, selected: e.scene.selected });
  s.setPicks(e.kind === 'pick-nodes' ? [] : null);
}

/** Shows the engine's answer on the graph: the cursor where it is computed, a pick-nodes answer's nodes picked. */
function reveal(e: Exercise): void {
  const s = appStore.getState();
  s.seek(e.scene.reveal);
  s.setPicks(e.kind === 'pick-nodes' ? e.answer : null);
}

/** Why an answer is wrong, in words. */
function whyText(m: Text, e: Exercise, g: Grade): string {
  const why = g.why;
  switch (why.kind) {
    case 'right': return '';
    case 'nodes': return m.missedExtra(nodesText(why.missed), nodesText(why.extra));
    case 'option': return m.optionWrong(e.kind === 'choose' ? m[e.answer] : why.answer);
    case 'off': return m.off(formatNumber(why.by), formatNumber(why.tolerance));
    case 'no-answer': return '';
  }
}

export function ExercisePanel({ chapter, id, n }: { readonly chapter: string; readonly id: ExerciseId; readonly n: number }) {
  const m = useMessages(exerciseMessages);
  const fieldId = useId();
  const [seed, setSeed] = useState(1);
  const [exercise, setExercise] = useState<Exercise | null>(null);
  const [graded, setGraded] = useState<Grade | null>(null);
  const [option, setOption] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  // Committed with no answer (nothing picked or chosen, no number): asked for one, nothing counted.
  const [unanswered, setUnanswered] = useState(false);
  const picks = useApp((s) => s.picks);
  const [score, setScore] = useState(() => scoreOf(storage(), chapter));
  const start = (next: number) => {
    const e = generateExercise(id, next);
    setSeed(next);
    setExercise(e);
    setGraded(null);
    setOption(null);
    setTyped('');
    setUnanswered(false);
    setScene(e);
  };
  const commit = (e: Exercise) => {
    const response: Response = e.kind === 'pick-nodes' ? { kind: 'pick-nodes', nodes: picks ?? [] }
      : e.kind === 'choose' ? { kind: 'choose', option: option ?? '' }
      : { kind: 'number', value: typed.trim() === '' ? NaN : Number(typed) };
    const g = grade(e, response as never);
    setUnanswered(g.why.kind === 'no-answer');
    if (g.why.kind === 'no-answer') return;
    setGraded(g);
    setScore(recordScore(storage(), chapter, g.correct));
    reveal(e);
  };
  return (
    <section className="exercise" aria-labelledby={`${fieldId}-title`} data-testid={`exercise-${id}`}>
      <h3 id={`${fieldId}-title`}>{m.heading(n)}</h3>
      {exercise === null ? (
        <button type="button" className="primary" onClick={() => start(seed)}>{m.start}</button>
      ) : (
        <>
          <p data-testid="exercise-question">{say(m, exercise.question)}</p>
          {exercise.kind === 'pick-nodes' && graded === null && (
            <p className="hint">{m.pickHint} <span data-testid="exercise-picked">{m.picked(nodesText(picks ?? []))}</span></p>
          )}
          {exercise.kind === 'choose' && (
            <fieldset className="radios" disabled={graded !== null}>
              <legend className="visually-hidden">{say(m, exercise.question)}</legend>
              {exercise.options.map((o) => (
                <label key={o}><input type="radio" name={`${fieldId}-option`} value={o} checked={option === o} onChange={() => setOption(o)} />{m[o]}</label>
              ))}
            </fieldset>
          )}
          {exercise.kind === 'number' && (
            <div className="field inline">
              <label htmlFor={`${fieldId}-number`}>{m.yourNumber}</label>
              <input id={`${fieldId}-number`} type="text" inputMode="decimal" value={typed} disabled={graded !== null} onChange={(e) => setTyped(e.target.value)} />
            </div>
          )}
          <div className="buttons">
            {graded === null && <button type="button" className="primary" onClick={() => commit(exercise)}>{m.commit}</button>}
            <button type="button" onClick={() => start(seed + 1)}>{m.tryAnother}</button>
          </div>
          {/* Under the buttons, scrolled into view with them. */}
          {unanswered && <p className="warning" role="alert" ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>{m[`no-answer.${exercise.kind}`]}</p>}
          {graded && (
            <div aria-live="polite" data-testid="exercise-verdict" ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>
              <p className={graded.correct ? 'check-ok' : 'warning'}>
                <strong>{graded.correct ? m.right : m.wrong}</strong> {whyText(m, exercise, graded)}
              </p>
              <p>{say(m, graded.explanation)}</p>
              {exercise.kind === 'number' && !graded.correct && <p className="hint">{formatNumber(exercise.answer)} ± {formatNumber(allowance(exercise.tolerance, exercise.answer))}</p>}
            </div>
          )}
        </>
      )}
      {score.tried > 0 && <p className="hint" data-testid="exercise-score">{m.score(score.right, score.tried)}</p>}
    </section>
  );
}
