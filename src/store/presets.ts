/** Task presets: named scenes a learner or a teacher opens in one click. */
import type { Model } from '../engine/index';
import type { Lang } from '../i18n/i18n';
import { countClassification, delayedEcho, parity, readsOutAtEnd } from '../engine/index';
import type { SceneConfig } from './scene';
import { DEFAULT_SCENE, withLength } from './scene';

/** The scene of a task's model: its topology, hidden size and seed, its sequence as token lists. */
function taskScene(model: Model, seed: number): SceneConfig {
  const { inputs, targets } = model.sequence;
  const ids = inputs.kind === 'tokens' ? Array.from(inputs.ids) : [];
  const ys = readsOutAtEnd(model.variant) ? ids.map(() => targets[0]!) : Array.from(targets);
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

/** A text in each language. */
export type Texts = Readonly<Record<Lang, string>>;

/** A named scene with a one-sentence description of what it shows, in each language. */
export interface Preset {
  /** Stable identifier (kebab-case), e.g. for a menu's value. */
  readonly id: string;
  /** What the menu shows. */
  readonly name: Texts;
  /** One or two sentences: what to look at. */
  readonly description: Texts;
  readonly config: SceneConfig;
}

/** A phrase repeated to make long sequences. */
const PHRASE = 'to be or not to be, that is the question. ';

/** Every preset, the default first. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'hello-world',
    name: { en: 'Next character: hello world', zh: '预测下一个字符：hello world' },
    description: {
      en: 'An Elman network (figure 10.3) predicts each next character of "hello world": '
        + 'hidden-to-hidden recurrence, one loss per step, summed.',
      zh: 'Elman 网络（图 10.3）逐个预测 "hello world" 的下一个字符：隐藏单元到隐藏单元的循环，'
        + '每个时间步一个损失，总损失为它们的和。',
    },
    config: DEFAULT_SCENE,
  },
  {
    id: 'jordan-logits',
    name: { en: 'Jordan: output-to-hidden recurrence', zh: 'Jordan 网络：输出到隐藏单元的循环' },
    description: {
      en: 'The network of figure 10.4: only the output o(t-1) reaches step t, so the past is '
        + 'remembered only through what the network predicted.',
      zh: '图 10.4 中的网络：只有输出 o(t-1) 能到达时间步 t，因此网络只能通过它所做的预测来记住过去。',
    },
    config: { ...DEFAULT_SCENE, variant: 'jordan', feedback: 'logits' },
  },
  {
    id: 'jordan-teacher',
    name: { en: 'Jordan with teacher forcing', zh: '使用教师强制的 Jordan 网络' },
    description: {
      en: 'The true previous character y(t-1) is fed back instead of the prediction: '
        + 'no gradient crosses time, and every step can be trained on its own.',
      zh: '反馈的是真实的前一个字符 y(t-1)，而不是预测：没有梯度跨越时间，每个时间步都可以单独训练。',
    },
    config: { ...DEFAULT_SCENE, variant: 'jordan', feedback: 'teacher' },
  },
  {
    id: 'single-output',
    name: { en: 'Single output: the last character', zh: '单输出：最后一个字符' },
    description: {
      en: 'The network of figure 10.5 reads the whole sequence and predicts only its last '
        + 'character: one loss at tau, whose gradient flows back through every step.',
      zh: '图 10.5 中的网络读完整个序列，只预测它的最后一个字符：只在 tau 处有一个损失，'
        + '其梯度反向流经每个时间步。',
    },
    config: { ...DEFAULT_SCENE, variant: 'single-output' },
  },
  {
    id: 'truncated-bptt',
    name: { en: 'Truncated BPTT (k = 4)', zh: '截断的 BPTT（k = 4）' },
    description: {
      en: 'Back-propagation is cut every 4 steps: no gradient crosses t = 4, 8, 12, ..., '
        + 'which bounds the cost and the memory of BPTT at the price of long-range credit.',
      zh: '每 4 步截断一次反向传播：没有梯度跨越 t = 4, 8, 12, ...，'
        + '这限制了 BPTT 的计算量和内存，代价是无法把功劳分配给很久以前的时间步。',
    },
    config: { ...DEFAULT_SCENE, truncation: 4, sequence: { mode: 'text', text: 'the quick brown fox jumps over the lazy dog' } },
  },
  {
    id: 'echo',
    name: { en: 'Task: delayed echo (lag slider)', zh: '任务：延迟回声（可调延迟）' },
    description: {
      en: 'Output the input from k steps back (k = 2 to start; a slider sets it): the hidden state '
        + 'must carry k tokens through time. Train it and watch the loss fall; longer lags take longer.',
      zh: '输出 k 步之前的输入（初始 k = 2，可用滑块调整）：隐藏状态必须将 k 个词元跨时间传递下去。'
        + '训练它并观察损失下降；延迟越长，需要训练得越久。',
    },
    config: echoScene(2),
  },
  {
    id: 'parity',
    name: { en: 'Task: parity of a bit stream', zh: '任务：比特流的奇偶性' },
    description: {
      en: 'At each step, is the number of 1s so far odd? One bit of memory, flipped by every 1.',
      zh: '在每个时间步回答：到目前为止 1 的个数是否为奇数？只需 1 比特的记忆，每遇到一个 1 就翻转。',
    },
    config: taskScene(parity({ length: 16, hidden: 8, seed: 3 }), 3),
  },
  {
    id: 'count',
    name: { en: 'Task: more a\'s than b\'s (single output)', zh: '任务：a 是否比 b 多（单输出）' },
    description: {
      en: 'Read the whole sequence of a, b, c (tokens 0, 1, 2), then say once, at the end, '
        + 'whether it held more a\'s than b\'s.',
      zh: '读完由 a、b、c（词元 0、1、2）组成的整个序列，然后只在末尾回答一次：其中 a 是否比 b 多。',
    },
    config: taskScene(countClassification({ length: 12, hidden: 8, seed: 5 }), 5),
  },
  ...([
    [0.5, 'vanishing', 'shrink: the gradient norm per step decays geometrically as it travels back',
      '消失', '都小于 1：每步的梯度范数在反向传播中按几何级数衰减'],
    [1.1, 'growing', 'is slightly above 1: the gradient can grow until tanh saturates',
      '增长', '略大于 1：梯度可能不断增长，直到 tanh 饱和'],
    [1.5, 'saturating', 'is large: h(t) saturates, tanh\' is small, and the gradient vanishes anyway',
      '饱和', '很大：h(t) 饱和，tanh\' 很小，梯度依然消失'],
  ] as const).map(([s, id, what, zhId, zhWhat]) => ({
    id: `w-${id}`,
    name: { en: `Gradients over 60 steps: W = ${s} I (${id})`, zh: `60 个时间步上的梯度：W = ${s} I（${zhId}）` },
    description: {
      en: `W = ${s} I, so the factors of dh(t)/dh(k) = prod diag(1 - h^2) W ${what}. Press End and look at the gradient-norm chart.`,
      zh: `W = ${s} I，因此 dh(t)/dh(k) = prod diag(1 - h^2) W 中各因子${zhWhat}。按 End 键，然后查看梯度范数图。`,
    },
    config: { ...withLength({ ...DEFAULT_SCENE, hidden: 8, sequence: { mode: 'text', text: PHRASE } }, 60), recurrence: s } satisfies SceneConfig,
  })),
  {
    id: 'long-128',
    name: { en: 'Long sequence (tau = 128)', zh: '长序列（tau = 128）' },
    description: {
      en: 'A repeated phrase over 128 steps: watch the gradient norm per step shrink as it '
        + 'travels back in time (vanishing gradients).',
      zh: '一个短语重复铺满 128 个时间步：观察每步的梯度范数在沿时间反向传播时逐渐缩小（梯度消失）。',
    },
    config: withLength({ ...DEFAULT_SCENE, hidden: 16, sequence: { mode: 'text', text: PHRASE } }, 128),
  },
  {
    id: 'long-512',
    name: { en: 'Long sequence (tau = 512)', zh: '长序列（tau = 512）' },
    description: {
      en: 'The same phrase over 512 steps: the unfolded graph pans and zooms, and the early '
        + 'steps receive almost no gradient.',
      zh: '同一个短语铺满 512 个时间步：展开图可以平移和缩放，而较早的时间步几乎得不到梯度。',
    },
    config: withLength({ ...DEFAULT_SCENE, hidden: 16, sequence: { mode: 'text', text: PHRASE } }, 512),
  },
];
