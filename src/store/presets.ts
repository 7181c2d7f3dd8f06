/** Task presets: named scenes a learner or a teacher opens in one click. */
import type { SceneConfig } from './scene';
import { DEFAULT_SCENE, withLength } from './scene';

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
