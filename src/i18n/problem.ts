/** A problem with an edit, kept as its message and arguments so that it can be put in words in either language. */
import type { Lang } from './i18n';
import { problemMessages } from './messages/problems';

type Problems = typeof problemMessages.en;
type ProblemKey = keyof Problems;

/** A problem by its message and arguments, to be put in words in either language. */
export interface Problem {
  readonly key: ProblemKey;
  readonly args: readonly (string | number)[];
}

/** Builds a problem with its arguments checked against the message's parameters. */
export function problem<K extends ProblemKey>(key: K, ...args: Problems[K] extends (...a: infer A extends readonly (string | number)[]) => string ? A : []): Problem {
  return { key, args };
}

/** The problem in words, in `lang`. */
export function problemText(p: Problem, lang: Lang): string {
  const m = problemMessages[lang][p.key] as string | ((...a: readonly (string | number)[]) => string);
  return typeof m === 'string' ? m : m(...p.args);
}
