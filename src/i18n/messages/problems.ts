/**
 * What is wrong with an edit of the controls, in both languages. The field (`hidden`,
 * `sequence.inputs[3]`) is a path and stays as it is; the problem is put in words.
 */
import { defineMessages } from '../i18n';

export const problemMessages = defineMessages({
  integerRange: (lo: number, hi: number, got: string) => `expected an integer in ${lo}..${hi}, got ${got}`,
  numberRange: (lo: number, hi: number, got: string) => `expected a number in ${lo}..${hi}, got ${got}`,
  nothingToRepeat: 'is empty: there is nothing to repeat',
  fewCharacters: (got: number) => `needs at least 2 different characters, got ${got}`,
  manyCharacters: (got: number, limit: number) => `has ${got} different characters; at most ${limit} (the vocabulary limit)`,
  noTokens: 'needs at least 1 token id, got 0',
  manyTokens: (limit: number, got: number) => `expected at most ${limit} token ids (the length limit), got ${got}`,
  targetCount: (tau: number, got: number) => `expected ${tau} class id${tau === 1 ? '' : 's'} (one per input), got ${got}`,
  textTooLong: (limit: number, steps: number, got: number) => `expected at most ${limit} characters (tau = ${steps} steps), got ${got}`,
  tokenId: (hi: number, got: string) => `expected a token id (an integer in 0..${hi}), got ${got}`,
  classId: (hi: number, got: string) => `expected a class id (an integer in 0..${hi}), got ${got}`,
  notNonNegative: (got: string) => `expected a non-negative integer, got "${got}"`,
  earlierStep: (lo: number, hi: number, t: number, got: string) => `expected an integer in ${lo}..${hi} (k < t = ${t}), got ${got}`,
  earlierStepSpan: (lo: number, hi: number, t: number, span: number, hidden: number, got: string) =>
    `expected an integer in ${lo}..${hi} (k < t = ${t}, at most ${span} steps back at H = ${hidden}), got ${got}`,
}, {
  integerRange: (lo: number, hi: number, got: string) => `应为 ${lo}..${hi} 之间的整数，实际为 ${got}`,
  numberRange: (lo: number, hi: number, got: string) => `应为 ${lo}..${hi} 之间的数，实际为 ${got}`,
  nothingToRepeat: '为空：没有可重复的内容',
  fewCharacters: (got: number) => `至少需要 2 个不同的字符，实际为 ${got} 个`,
  manyCharacters: (got: number, limit: number) => `有 ${got} 个不同的字符；最多 ${limit} 个（词表上限）`,
  noTokens: '至少需要 1 个词元编号，实际为 0 个',
  manyTokens: (limit: number, got: number) => `最多 ${limit} 个词元编号（长度上限），实际为 ${got} 个`,
  targetCount: (tau: number, got: number) => `应有 ${tau} 个类别编号（每个输入一个），实际为 ${got} 个`,
  textTooLong: (limit: number, steps: number, got: number) => `最多 ${limit} 个字符（tau = ${steps} 步），实际为 ${got} 个`,
  tokenId: (hi: number, got: string) => `应为词元编号（0..${hi} 之间的整数），实际为 ${got}`,
  classId: (hi: number, got: string) => `应为类别编号（0..${hi} 之间的整数），实际为 ${got}`,
  notNonNegative: (got: string) => `应为非负整数，实际为 "${got}"`,
  earlierStep: (lo: number, hi: number, t: number, got: string) => `应为 ${lo}..${hi} 之间的整数（k < t = ${t}），实际为 ${got}`,
  earlierStepSpan: (lo: number, hi: number, t: number, span: number, hidden: number, got: string) =>
    `应为 ${lo}..${hi} 之间的整数（k < t = ${t}，H = ${hidden} 时最多往回 ${span} 步），实际为 ${got}`,
});
