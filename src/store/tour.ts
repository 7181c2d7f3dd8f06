/**
 * The guided tour through chapter 10 (issue 14): short chapters, each a few sentences beside the
 * live graph and the scene they are about. Entering a chapter sets its scene (topology, sequence,
 * position, selection, open panel); the learner may change anything and come back to it. Which
 * chapters were opened is remembered in the browser only; each chapter has its own link,
 * `#tour=<id>`. The text is plain (never HTML or TeX), in English and in the Chinese edition's terms.
 */
import type { ExplanationId } from '../graph/explain/index';
import type { Texts } from './presets';
import { LONG_ECHO, PRESETS, longEchoScene } from './presets';
import type { SceneConfig } from './scene';
import { DEFAULT_SCENE, buildModel } from './scene';
import type { Layout } from './slices/analysis';
import type { TrainingSettings } from './slices/training';
import type { PanelTab } from './slices/view';
import { TOUR_HASH_PREFIX } from './share';
import type { AppStore } from './store';

export interface Chapter {
  /** Stable identifier (kebab-case): the chapter's link is `#tour=<id>`. */
  readonly id: string;
  readonly title: Texts;
  /** A few sentences, one paragraph each. */
  readonly body: readonly Texts[];
  /** What to look at or do in the scene, one sentence. */
  readonly look: Texts;
  readonly config: SceneConfig;
  /** The cursor, 0..2 tau (forward steps, then BPTT's). */
  readonly position: number;
  /** The node or parameter inspected, or null. */
  readonly selected: string | null;
  /** The panel open under the graph. */
  readonly tab: PanelTab;
  /** The graphs shown: this topology alone (absent), or side by side. */
  readonly layout?: Layout;
  /** Training settings the chapter makes its point with. */
  readonly training?: TrainingSettings;
  /** The margin questions answered in this chapter (also in the Explanations panel). */
  readonly explanations?: readonly ExplanationId[];
}

/** A task preset's scene. */
function presetConfig(id: string): SceneConfig {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`no preset ${id}`);
  return preset.config;
}

/** tau of the default scene ("hello world": ten steps). */
const TAU = 10;

/** The chapters, in order. */
export const CHAPTERS: readonly Chapter[] = [
  {
    id: 'unfolding',
    title: { en: 'Unfolding: one cell at every step', zh: '展开：每个时间步使用同一个单元' },
    body: [
      {
        en: 'A recurrent network is one small computation applied again and again: h(t) = tanh(b + W h(t-1) + U x(t)). The folded graph on the left draws it once, with a loop through a one-step delay.',
        zh: '循环网络是同一个小计算的反复应用：h(t) = tanh(b + W h(t-1) + U x(t))。左边的折叠图只画一次，用一个单步延迟构成回路。',
      },
      {
        en: 'Unfolding the loop over the ten steps of "hello world" gives the graph on the right: one column per step, and every column uses the same U, V and W (figures 10.2 and 10.3).',
        zh: '把这个回路在 "hello world" 的十个时间步上展开，就得到右边的计算图：每个时间步一列，每一列都使用同样的 U、V 和 W（图 10.2 与图 10.3）。',
      },
    ],
    look: {
      en: 'Press Step forward a few times: the same cell computes each column in turn.',
      zh: '按几次“前进一步”：同一个单元依次计算每一列。',
    },
    config: DEFAULT_SCENE, position: 0, selected: null, tab: 'charts',
  },
  {
    id: 'forward',
    title: { en: 'The forward pass, equations 10.8 to 10.11', zh: '前向传播：式 10.8 至式 10.11' },
    body: [
      {
        en: 'At each step: a(t) = b + W h(t-1) + U x(t), h(t) = tanh(a(t)), o(t) = c + V h(t), yhat(t) = softmax(o(t)). Step t needs h(t-1): the steps run in order, one after the other.',
        zh: '每个时间步：a(t) = b + W h(t-1) + U x(t)，h(t) = tanh(a(t))，o(t) = c + V h(t)，yhat(t) = softmax(o(t))。第 t 步需要 h(t-1)：各步只能依次计算。',
      },
      {
        en: 'The inspector shows h(3) with these equations filled in with the live numbers of this network.',
        zh: '检查器显示 h(3)，公式中填入的是这个网络的实际数值。',
      },
    ],
    look: {
      en: 'Click another node, or step on: the inspector follows with its numbers.',
      zh: '点击别的节点，或继续前进：检查器随之显示其数值。',
    },
    config: DEFAULT_SCENE, position: 3, selected: 'h@3', tab: 'charts', explanations: ['h0'],
  },
  {
    id: 'softmax-loss',
    title: { en: 'Outputs, softmax and the loss', zh: '输出、softmax 与损失' },
    body: [
      {
        en: 'o(t) holds unnormalised log-probabilities: yhat(t) = softmax(o(t)), so log yhat(t) is o(t) less one constant. Adding the same number to every entry of o(t) changes nothing.',
        zh: 'o(t) 是未归一化的对数概率：yhat(t) = softmax(o(t))，因此 log yhat(t) 等于 o(t) 减去同一个常数。给 o(t) 的每个元素加上同一个数，结果不变。',
      },
      {
        en: 'The loss is the sum over the steps of L(t) = -log yhat(t)[y(t)], the negative log-likelihood of the true next character.',
        zh: '损失是各时间步 L(t) = -log yhat(t)[y(t)] 的和，即真实的下一个字符的负对数似然。',
      },
    ],
    look: {
      en: 'The questions below check both statements on o(5) of this network.',
      zh: '下面的问题在这个网络的 o(5) 上验证这两点。',
    },
    config: DEFAULT_SCENE, position: 5, selected: 'o@5', tab: 'explain', explanations: ['softmax', 'loss'],
  },
  {
    id: 'bptt',
    title: { en: 'Back-propagation through time', zh: '通过时间反向传播' },
    body: [
      {
        en: 'BPTT runs the unfolded graph from right to left: g_o(t) = yhat(t) - onehot(y(t)), then g_h(t) = V^T g_o(t) + W^T g_a(t+1) and g_a(t) = (1 - h(t)^2) * g_h(t) (equations 10.15 to 10.21).',
        zh: '通过时间反向传播（BPTT）从右向左遍历展开图：g_o(t) = yhat(t) - onehot(y(t))，然后 g_h(t) = V^T g_o(t) + W^T g_a(t+1)，g_a(t) = (1 - h(t)^2) * g_h(t)（式 10.15 至式 10.21）。',
      },
      {
        en: 'Step t needs g_a(t+1), so BPTT cannot run in parallel over time, and it keeps every h(t) of the forward pass: O(tau) time and O(tau) memory.',
        zh: '第 t 步需要 g_a(t+1)，所以 BPTT 无法在时间上并行，而且要保存前向传播的每个 h(t)：时间与内存都是 O(tau)。',
      },
    ],
    look: {
      en: 'The cursor is in BPTT at t = 8: step back and forth and watch the gradients move left.',
      zh: '光标位于 BPTT 的 t = 8：来回单步，观察梯度向左移动。',
    },
    config: DEFAULT_SCENE, position: TAU + 3, selected: 'h@8', tab: 'explain', explanations: ['bptt'],
  },
  {
    id: 'weight-sharing',
    title: { en: 'Weight sharing: a gradient summed over the steps', zh: '参数共享：梯度是各时间步之和' },
    body: [
      {
        en: 'Every step uses the same W, so dL/dW is the sum of one contribution per step: g_a(t) h(t-1)^T.',
        zh: '每个时间步使用同一个 W，所以 dL/dW 是每个时间步一份贡献之和：g_a(t) h(t-1)^T。',
      },
      {
        en: 'The inspector shows dL/dW and each step\'s share of it; the shares add up to the total.',
        zh: '检查器显示 dL/dW 以及每个时间步所占的份额；各份额之和等于总梯度。',
      },
    ],
    look: {
      en: 'Choose U, V or b in the inspector: each is shared the same way.',
      zh: '在检查器中选择 U、V 或 b：它们都以同样的方式共享。',
    },
    config: DEFAULT_SCENE, position: 2 * TAU, selected: 'W', tab: 'charts',
  },
  {
    id: 'jordan-teacher',
    title: { en: 'The Jordan network and teacher forcing', zh: 'Jordan 网络与教师强制' },
    body: [
      {
        en: 'In the Jordan network (figure 10.4) only the output of step t-1 reaches step t. With teacher forcing (figure 10.6) the true y(t-1) is fed instead: no gradient crosses time, and each step trains on its own.',
        zh: '在 Jordan 网络（图 10.4）中，只有第 t-1 步的输出能到达第 t 步。使用教师强制（图 10.6）时，输入的是真实的 y(t-1)：没有梯度跨越时间，每一步可以单独训练。',
      },
      {
        en: 'At test time the model must feed back its own predictions, which it never saw in training: the inputs it then meets can differ from those it learned on.',
        zh: '测试时模型必须反馈自己的预测，而这些输入在训练中从未出现过：它遇到的输入可能与训练时不同。',
      },
    ],
    look: {
      en: 'BPTT is done: no gradient edge runs between the columns. Switch the feedback to Logits to see them return.',
      zh: 'BPTT 已完成：列与列之间没有梯度边。把反馈改为 Logits，梯度边便会出现。',
    },
    config: { ...DEFAULT_SCENE, variant: 'jordan', feedback: 'teacher' }, position: 2 * TAU, selected: null, tab: 'explain', explanations: ['output-recurrence', 'free'],
  },
  {
    id: 'single-output',
    title: { en: 'A single output at the end', zh: '在序列末尾产生单个输出' },
    body: [
      {
        en: 'The network of figure 10.5 reads the whole sequence and produces one output, o(tau): one loss, and its gradient reaches every earlier step only through h(tau) and the recurrence.',
        zh: '图 10.5 中的网络读完整个序列后只产生一个输出 o(tau)：只有一个损失，其梯度只能经由 h(tau) 和循环连接到达之前的各个时间步。',
      },
    ],
    look: {
      en: 'Compare the size of dL/dh(t) near the end with that near the start.',
      zh: '比较序列末尾附近与开头附近 dL/dh(t) 的大小。',
    },
    config: { ...DEFAULT_SCENE, variant: 'single-output' }, position: 2 * TAU, selected: 'h@5', tab: 'charts',
  },
  {
    id: 'truncated-bptt',
    title: { en: 'Truncated BPTT', zh: '截断的 BPTT' },
    body: [
      {
        en: 'Truncated BPTT with window k drops every gradient that would cross a multiple of k: the graph is cut there, and each chunk of k steps is back-propagated on its own.',
        zh: '窗口为 k 的截断 BPTT 丢弃所有跨越 k 的倍数的梯度：计算图在那里被切断，每段 k 个时间步单独反向传播。',
      },
      {
        en: 'It bounds the cost of a step but biases the gradient: what happened before the cut cannot be learned from what comes after it.',
        zh: '它限制了计算代价，但使梯度产生偏差：切断之后的损失无法用来学习切断之前发生的事。',
      },
    ],
    look: {
      en: 'The Check of a node beside a cut shows how far the truncated gradient is from the full one.',
      zh: '对切断处旁边的节点做梯度检验，可以看到截断梯度与完整梯度相差多少。',
    },
    config: { ...DEFAULT_SCENE, truncation: 4 }, position: 2 * TAU, selected: 'h@4', tab: 'charts',
  },
  {
    id: 'vanishing',
    title: { en: 'Vanishing and exploding gradients', zh: '梯度消失与梯度爆炸' },
    body: [
      {
        en: 'dh(t)/dh(k) is a product of t - k Jacobians, each W^T times a diagonal of tanh\'. With W = 0.5 I its norm falls about like 0.5^(t-k). Slightly above 1 it can grow until tanh saturates; at 1.5 I h saturates, tanh\' is small, and it vanishes anyway (section 10.7).',
        zh: 'dh(t)/dh(k) 是 t - k 个雅可比矩阵之积，每个都是 W^T 乘以 tanh\' 的对角阵。当 W = 0.5 I 时，其范数大约按 0.5^(t-k) 衰减。略大于 1 时它可能增长，直到 tanh 饱和；W = 1.5 I 时 h 饱和，tanh\' 很小，梯度依然消失（10.7 节）。',
      },
      {
        en: 'The spectral radius of W, its largest |eigenvalue|, bounds how fast the products can grow.',
        zh: 'W 的谱半径（最大的特征值绝对值）限定了这些乘积增长的速度。',
      },
    ],
    look: {
      en: 'The Gradient dynamics panel draws the norm at every distance; the task presets W = 1.1 I and W = 1.5 I show the other two cases.',
      zh: '“梯度动态”面板画出每个距离上的范数；任务预设 W = 1.1 I 与 W = 1.5 I 展示另外两种情形。',
    },
    config: presetConfig('w-vanishing'),
    position: 120, selected: null, tab: 'dynamics',
  },
  {
    id: 'universal',
    title: { en: 'What "universal" means', zh: '“通用”是什么意思' },
    body: [
      {
        en: 'Section 10.2 says that a recurrent network of finite size can compute any function a Turing machine can. In plain words: for any such computation there exist weights that do it, when the network is read over enough steps.',
        zh: '10.2 节说，有限大小的循环网络可以计算图灵机能计算的任何函数。通俗地说：对于任何这样的计算，都存在能完成它的权重，只要让网络运行足够多的时间步。',
      },
      {
        en: 'It says nothing about finding those weights by training: gradient descent may never reach them, which is what the next chapters are about.',
        zh: '这并不意味着训练能找到这些权重：梯度下降可能永远到不了那里，这正是后面几章要讨论的。',
      },
    ],
    look: {
      en: 'The question below answers the reader\'s margin note on this paragraph.',
      zh: '下面的问题回答了读者对这一段的旁注。',
    },
    config: DEFAULT_SCENE, position: 0, selected: null, tab: 'explain', explanations: ['turing'],
  },
  {
    id: 'lstm',
    title: { en: 'The LSTM', zh: '长短期记忆（LSTM）' },
    body: [
      {
        en: 'The LSTM (section 10.10.1) adds a cell state s(t) = f(t) * s(t-1) + g(t) * z(t): where the forget gate f is near 1, the gradient travels back along s without shrinking.',
        zh: 'LSTM（10.10.1 节）增加了细胞状态 s(t) = f(t) * s(t-1) + g(t) * z(t)：遗忘门 f 接近 1 时，梯度沿 s 反向传递而不衰减。',
      },
      {
        en: 'On the long echo (a cue to recall 30 steps later) the Elman network stays at chance while the LSTM learns it.',
        zh: '在长回声任务中（30 步之后回忆一个提示），Elman 网络始终停留在随机猜测的水平，而 LSTM 能学会它。',
      },
    ],
    look: {
      en: 'Press Train in the Training panel and watch the loss per query fall.',
      zh: '在“训练”面板中按“训练”，观察每次查询的损失下降。',
    },
    config: longEchoScene('lstm'), position: 0, selected: null, tab: 'training', training: LONG_ECHO.training, explanations: ['gated'],
  },
  {
    id: 'gru',
    title: { en: 'The GRU', zh: '门控循环单元（GRU）' },
    body: [
      {
        en: 'The GRU (section 10.10.2) has no separate cell state: h(t) = u(t) * h(t-1) + (1 - u(t)) * z(t), where the update gate u chooses between keeping the past and taking the candidate z.',
        zh: 'GRU（10.10.2 节）没有单独的细胞状态：h(t) = u(t) * h(t-1) + (1 - u(t)) * z(t)，更新门 u 在保留过去与采用候选值 z 之间选择。',
      },
      {
        en: 'The reset gate r decides how much of h(t-1) the candidate sees. Show the gates to see u, r and z at every step.',
        zh: '重置门 r 决定候选值能看到多少 h(t-1)。显示门控单元，可以看到每个时间步的 u、r 与 z。',
      },
    ],
    look: {
      en: 'The inspector shows u(3) with its equation and the live numbers.',
      zh: '检查器显示 u(3) 及其公式与实际数值。',
    },
    config: { ...DEFAULT_SCENE, variant: 'gru' }, position: 3, selected: 'u@3', tab: 'charts',
  },
];

/** The chapter a link names, or null. */
export function chapterOfHash(hash: string): Chapter | null {
  if (!hash.startsWith(TOUR_HASH_PREFIX)) return null;
  const id = hash.slice(TOUR_HASH_PREFIX.length);
  return CHAPTERS.find((c) => c.id === id) ?? null;
}

/** Opens a chapter: its scene at its position, selection and panel, and the chapter beside the graph. */
export function enterChapter(store: AppStore, chapter: Chapter): void {
  const s = store.getState();
  const model = buildModel(chapter.config);
  s.loadState({ model, config: chapter.config, position: Math.min(chapter.position, 2 * model.sequence.length), selected: chapter.selected });
  s.setTab(chapter.tab);
  s.setLayout(chapter.layout ?? 'one');
  if (chapter.training) s.setTrainingSettings(chapter.training);
  s.setPicks(null);
  s.setTourChapter(chapter.id);
}

/** The storage key of the tour's progress (kept in the browser only): the chapters opened and each chapter's score. */
export const TOUR_PROGRESS_KEY = 'unroll.tour.v1';

/** A chapter's exercises answered: right of tried. */
export interface Score {
  readonly right: number;
  readonly tried: number;
}

/** What the storage holds. */
interface Progress {
  readonly visited: readonly string[];
  readonly scores: Readonly<Record<string, Score>>;
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The progress stored; an unreadable record or entry counts as none. */
function readRecord(storage: Pick<Storage, 'getItem'> | null): Progress {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(TOUR_PROGRESS_KEY) ?? '{}');
    const record = typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
    const known = (id: unknown): id is string => typeof id === 'string' && CHAPTERS.some((c) => c.id === id);
    const visited = Array.isArray(record['visited']) ? record['visited'].filter(known) : [];
    const scores: Record<string, Score> = {};
    const stored = typeof record['scores'] === 'object' && record['scores'] !== null ? record['scores'] as Record<string, unknown> : {};
    for (const [id, v] of Object.entries(stored)) {
      const score = v as Partial<Score> | null;
      if (known(id) && score && isCount(score.right) && isCount(score.tried) && score.right <= score.tried) scores[id] = { right: score.right, tried: score.tried };
    }
    return { visited, scores };
  } catch {
    return { visited: [], scores: {} };
  }
}

/** Writes the progress; false when the storage refuses it (the tour goes on). */
function writeRecord(storage: Pick<Storage, 'setItem'> | null, progress: Progress): boolean {
  try {
    storage?.setItem(TOUR_PROGRESS_KEY, JSON.stringify(progress));
    return storage !== null;
  } catch {
    return false;
  }
}

/** The ids of the chapters opened so far. */
export const readProgress = (storage: Pick<Storage, 'getItem'> | null): ReadonlySet<string> => new Set(readRecord(storage).visited);

/** Records a chapter as opened; false when the storage refuses it. */
export function markVisited(storage: Pick<Storage, 'getItem' | 'setItem'> | null, id: string): boolean {
  const progress = readRecord(storage);
  const visited = new Set([...progress.visited, id]);
  return writeRecord(storage, { ...progress, visited: CHAPTERS.map((c) => c.id).filter((c) => visited.has(c)) });
}

/** A chapter's score so far (0 of 0 before any answer). */
export const scoreOf = (storage: Pick<Storage, 'getItem'> | null, chapter: string): Score => readRecord(storage).scores[chapter] ?? { right: 0, tried: 0 };

/** Counts an answer in the chapter's score; returns the new score (kept for the session when the storage refuses it). */
export function recordScore(storage: Pick<Storage, 'getItem' | 'setItem'> | null, chapter: string, right: boolean): Score {
  const progress = readRecord(storage);
  const before = progress.scores[chapter] ?? { right: 0, tried: 0 };
  const score = { right: before.right + (right ? 1 : 0), tried: before.tried + 1 };
  writeRecord(storage, { ...progress, scores: { ...progress.scores, [chapter]: score } });
  return score;
}
