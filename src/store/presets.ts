/** Task presets: named scenes a learner or a teacher opens in one click. */
import type { Model } from '../engine/index';
import { countClassification, delayedEcho, parity } from '../engine/index';
import type { SceneConfig } from './scene';
import { DEFAULT_SCENE, withLength } from './scene';

/** The scene of a task's model: its topology, hidden size and seed, its sequence as token lists. */
function taskScene(model: Model, seed: number): SceneConfig {
  const { inputs, targets } = model.sequence;
  const ids = inputs.kind === 'tokens' ? Array.from(inputs.ids) : [];
  const ys = model.variant === 'single-output' ? ids.map(() => targets[0]!) : Array.from(targets);
  return { ...DEFAULT_SCENE, variant: model.variant, hidden: model.sizes.hidden, seed, sequence: { mode: 'tokens', inputs: ids, targets: ys } };
}

/** Longest lag the echo task's slider offers (its sequence has 20 steps). */
export const ECHO_MAX_LAG = 10;

/** The delayed-echo task with lag d: 20 random tokens of 4 symbols, y(t) = x(t - d), H = 16, seed 7. */
export const echoScene = (lag: number): SceneConfig => taskScene(delayedEcho({ lag, length: 20, symbols: 4, hidden: 16, seed: 7 }), 7);

const ECHO_SCENES = Array.from({ length: ECHO_MAX_LAG + 1 }, (_, lag) => JSON.stringify(echoScene(lag)));

/** The lag of the echo task when `config` is exactly one of its scenes (an edited scene is not), else null. */
export function echoLagOf(config: SceneConfig): number | null {
  const lag = ECHO_SCENES.indexOf(JSON.stringify(config));
  return lag < 0 ? null : lag;
}

/** A named scene with a one-sentence description of what it shows. */
export interface Preset {
  /** Stable identifier (kebab-case), e.g. for a menu's value. */
  readonly id: string;
  /** What the menu shows. */
  readonly name: string;
  /** One or two sentences: what to look at. */
  readonly description: string;
  readonly config: SceneConfig;
}

/** A phrase repeated to make long sequences. */
const PHRASE = 'to be or not to be, that is the question. ';

/** Every preset, the default first. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'hello-world',
    name: 'Next character: hello world',
    description: 'An Elman network (figure 10.3) predicts each next character of "hello world": '
      + 'hidden-to-hidden recurrence, one loss per step, summed.',
    config: DEFAULT_SCENE,
  },
  {
    id: 'jordan-logits',
    name: 'Jordan: output-to-hidden recurrence',
    description: 'The network of figure 10.4: only the output o(t-1) reaches step t, so the past is '
      + 'remembered only through what the network predicted.',
    config: { ...DEFAULT_SCENE, variant: 'jordan', feedback: 'logits' },
  },
  {
    id: 'jordan-teacher',
    name: 'Jordan with teacher forcing',
    description: 'The true previous character y(t-1) is fed back instead of the prediction: '
      + 'no gradient crosses time, and every step can be trained on its own.',
    config: { ...DEFAULT_SCENE, variant: 'jordan', feedback: 'teacher' },
  },
  {
    id: 'single-output',
    name: 'Single output: the last character',
    description: 'The network of figure 10.5 reads the whole sequence and predicts only its last '
      + 'character: one loss at tau, whose gradient flows back through every step.',
    config: { ...DEFAULT_SCENE, variant: 'single-output' },
  },
  {
    id: 'truncated-bptt',
    name: 'Truncated BPTT (k = 4)',
    description: 'Back-propagation is cut every 4 steps: no gradient crosses t = 4, 8, 12, ..., '
      + 'which bounds the cost and the memory of BPTT at the price of long-range credit.',
    config: { ...DEFAULT_SCENE, truncation: 4, sequence: { mode: 'text', text: 'the quick brown fox jumps over the lazy dog' } },
  },
  {
    id: 'echo',
    name: 'Task: delayed echo (lag slider)',
    description: 'Output the input from k steps back (k = 2 to start; a slider sets it): the hidden state '
      + 'must carry k tokens through time. Train it and watch the loss fall; longer lags take longer.',
    config: echoScene(2),
  },
  {
    id: 'parity',
    name: 'Task: parity of a bit stream',
    description: 'At each step, is the number of 1s so far odd? One bit of memory, flipped by every 1.',
    config: taskScene(parity({ length: 16, hidden: 8, seed: 3 }), 3),
  },
  {
    id: 'count',
    name: 'Task: more a\'s than b\'s (single output)',
    description: 'Read the whole sequence of a, b, c (tokens 0, 1, 2), then say once, at the end, '
      + 'whether it held more a\'s than b\'s.',
    config: taskScene(countClassification({ length: 12, hidden: 8, seed: 5 }), 5),
  },
  ...([[0.5, 'vanishing', 'shrink: the gradient norm per step decays geometrically as it travels back'],
    [1.1, 'growing', 'is slightly above 1: the gradient can grow until tanh saturates'],
    [1.5, 'saturating', 'is large: h(t) saturates, tanh\' is small, and the gradient vanishes anyway']] as const).map(([s, id, what]) => ({
    id: `w-${id}`,
    name: `Gradients over 60 steps: W = ${s} I (${id})`,
    description: `W = ${s} I, so the factors of dh(t)/dh(k) = prod diag(1 - h^2) W ${what}. Press End and look at the gradient-norm chart.`,
    config: { ...withLength({ ...DEFAULT_SCENE, hidden: 8, sequence: { mode: 'text', text: PHRASE } }, 60), recurrence: s } satisfies SceneConfig,
  })),
  {
    id: 'long-128',
    name: 'Long sequence (tau = 128)',
    description: 'A repeated phrase over 128 steps: watch the gradient norm per step shrink as it '
      + 'travels back in time (vanishing gradients).',
    config: withLength({ ...DEFAULT_SCENE, hidden: 16, sequence: { mode: 'text', text: PHRASE } }, 128),
  },
  {
    id: 'long-512',
    name: 'Long sequence (tau = 512)',
    description: 'The same phrase over 512 steps: the unfolded graph pans and zooms, and the early '
      + 'steps receive almost no gradient.',
    config: withLength({ ...DEFAULT_SCENE, hidden: 16, sequence: { mode: 'text', text: PHRASE } }, 512),
  },
];
