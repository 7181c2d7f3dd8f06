/**
 * The tour's exercises in words (src/graph/exercises holds them as data): each question and
 * explanation by its key, worded from its parameters; the panel's buttons and verdicts.
 */
import { defineMessages } from '../i18n';

/** A number as the explanations print it: 4 significant digits. */
const n4 = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));
/** A sum as the explanations print it: `0.1 - 0.2 + 0.3`. */
const sumOf = (terms: readonly number[] = []): string => terms.map((x, i) => (i === 0 ? n4(x) : x < 0 ? `- ${n4(-x)}` : `+ ${n4(x)}`)).join(' ');
/** A list of numbers: `[0.1, -0.2]`. */
const listOf = (xs: readonly number[] = []): string => `[${xs.map(n4).join(', ')}]`;
/** Steps as a list (`2, 5`), or `none` when there are none. */
const stepsOf = (steps: readonly number[] = [], none: string, separator: string): string => (steps.length === 0 ? none : steps.join(separator));

type MemoryQuestion = { s: number; tau: number; network: string; feedback: string; window: number };
type MemoryExplanation = { s: number; network: string; feedback: string; window: number; depends: boolean; change: number; reaches: boolean; first: number };

export const exerciseMessages = defineMessages(
  {
    heading: (n: number) => `Exercise ${n}: predict, then run`,
    start: 'Start the exercise',
    tryAnother: 'Try another',
    commit: 'Commit my answer',
    pickHint: 'Click the nodes in the graph to pick them, again to unpick (or, in the graph, move with the arrow keys and pick with Space).',
    picked: (nodes: string) => (nodes === '' ? 'Picked: none yet.' : `Picked: ${nodes}.`),
    yourNumber: 'Your number',
    right: 'Right.',
    wrong: 'Not quite.',
    missedExtra: (missed: string, extra: string) => [missed && `Missed: ${missed}.`, extra && `Not reached: ${extra}.`].filter(Boolean).join(' '),
    optionWrong: (answer: string) => `The engine's answer: ${answer}.`,
    off: (by: string, tolerance: string) => `Off by ${by}; within ${tolerance} counts as right.`,
    'no-answer.pick-nodes': 'Pick at least one node in the graph first.',
    'no-answer.choose': 'Choose one of the answers first.',
    'no-answer.number': 'Type a number first, such as -0.25.',
    score: (right: number, tried: number) => `This chapter: ${right} right of ${tried} tried.`,
    larger: 'larger',
    smaller: 'smaller',
    both: 'both',
    'value only': 'value only',
    'gradient only': 'gradient only',
    neither: 'neither',
    'truncation-reach.question': (p: { s: number; window: number; tau: number }) =>
      `Truncated BPTT with window k = ${p.window}: which h(t) receive gradient from L(${p.s}) alone? Pick them.`,
    'truncation-reach.explanation': (p: { s: number; window: number; cut: number; first: number }) =>
      (p.cut === 0 ? `No multiple of ${p.window} lies before ${p.s}: the gradient of L(${p.s}) reaches every h(t) from h(1) to h(${p.s}).`
        : `The graph is cut after step ${p.cut}, a multiple of ${p.window}: the gradient of L(${p.s}) reaches h(${p.first}) to h(${p.s}) and no further back.`),
    'teacher-forcing-reach.question': (p: { s: number; feedback: string }) =>
      `A Jordan network fed back ${p.feedback === 'teacher' ? 'the true y(t-1) (teacher forcing)' : p.feedback === 'softmax' ? 'yhat(t-1)' : 'o(t-1)'}: which h(t) receive gradient from L(${p.s}) alone? Pick them.`,
    'teacher-forcing-reach.explanation': (p: { s: number; crosses: boolean; first: number }) =>
      (p.crosses ? `The fed-back output carries gradient across time: L(${p.s}) reaches h(${p.first}) to h(${p.s}).`
        : `Under teacher forcing the input from step t-1 is data: no gradient crosses time, and L(${p.s}) reaches h(${p.s}) alone.`),
    'vanishing-direction.question': (p: { scale: number; tau: number; nonlinearity: string }) =>
      `One output at the end, W = ${p.scale} I, ${p.nonlinearity === 'relu' ? 'ReLU' : 'tanh'}, over ${p.tau} steps: will ||dL/dh(1)|| be larger or smaller than ||dL/dh(${p.tau})||?`,
    'vanishing-direction.explanation': (p: { first: number; last: number; ratio: number; perStep: number; slope: number; tau: number }) =>
      `||dL/dh(1)|| = ${n4(p.first)} and ||dL/dh(${p.tau})|| = ${n4(p.last)}: a ratio of ${n4(p.ratio)}, about ${n4(p.perStep)} per step back; the nonlinearity's mean slope is ${n4(p.slope)}.`,
    'softmax-shift.question': (p: { t: number; j: number; shift: number }) =>
      `Add ${p.shift} to every entry of o(${p.t}). What is yhat_${p.j}(${p.t}) then? (Read the numbers in the inspector.)`,
    'softmax-shift.explanation': (p: { t: number; j: number; before: number; after: number }) =>
      `softmax(o + c) = softmax(o): yhat_${p.j}(${p.t}) is ${n4(p.before)} before and ${n4(p.after)} after.`,
    'ga-entry.question': (p: { t: number; i: number }) =>
      `From h(${p.t}) and dL/dh(${p.t}) in the inspector, compute entry ${p.i} of g_a(${p.t}) = dL/da(${p.t}).`,
    'ga-entry.explanation': (p: { t: number; i: number; h: number; gh: number; slope: number; ga: number }) =>
      `g_a(${p.t})[${p.i}] = (1 - h^2) dL/dh = (1 - ${n4(p.h)}^2) × ${n4(p.gh)} = ${n4(p.slope)} × ${n4(p.gh)} = ${n4(p.ga)}.`,
    'shared-count.question': (p: { name: string; tau: number; n: number; H: number; K: number }) =>
      `An Elman network with n = ${p.n} inputs, H = ${p.H} hidden units and K = ${p.K} classes, unfolded over ${p.tau} steps: every step uses the same ${p.name}. How many numbers does ${p.name} hold?`,
    'shared-count.explanation': (p: { name: string; tau: number; rows: number; cols: number; count: number; unshared: number }) =>
      `${p.name} is ${p.rows} × ${p.cols}: ${p.count} numbers, stored once and used by all ${p.tau} steps. The unfolded graph draws ${p.name} ${p.tau} times, but one copy per step (${p.unshared} numbers) is what it does not hold.`,
    'forward-entry.question': (p: { t: number; i: number; b: number; w: readonly number[]; u: number; token: number }) =>
      `The cursor is at step ${p.t - 1}, h(${p.t - 1}) in the inspector. Step ${p.t} reads token ${p.token}, so (U x(${p.t}))_${p.i} = ${n4(p.u)}; b_${p.i} = ${n4(p.b)}; row ${p.i} of W is ${listOf(p.w)}. What will h_${p.i}(${p.t}) = tanh(b_${p.i} + (W h(${p.t - 1}))_${p.i} + (U x(${p.t}))_${p.i}) be?`,
    'forward-entry.explanation': (p: { t: number; i: number; b: number; wh: number; u: number; a: number; h: number }) =>
      `a_${p.i}(${p.t}) = b_${p.i} + (W h(${p.t - 1}))_${p.i} + (U x(${p.t}))_${p.i} = ${sumOf([p.b, p.wh, p.u])} = ${n4(p.a)}, and h_${p.i}(${p.t}) = tanh(${n4(p.a)}) = ${n4(p.h)}.`,
    'shared-gradient.question': (p: { k: number; tau: number }) =>
      `The forward pass is done, BPTT not yet run. c is added to o(t) at every one of the ${p.tau} steps. From yhat(t) and y(t) at each step, what will dL/dc_${p.k} be once BPTT has run?`,
    'shared-gradient.explanation': (p: { k: number; yhat: readonly number[]; hits: readonly number[]; terms: readonly number[]; sum: number }) =>
      `dL/dc_${p.k} is the sum over the steps of dL/do_${p.k}(t) = yhat_${p.k}(t) - [y(t) = ${p.k}]: ${sumOf(p.terms)} = ${n4(p.sum)}. That is the yhat_${p.k}(t), ${listOf(p.yhat)}, less 1 at each step whose target is ${p.k} (${stepsOf(p.hits, 'none', ', ')}).`,
    'single-output-reach.question': (p: { tau: number; window: number }) =>
      (p.window === 0 ? `One output at the end, o(${p.tau}), one loss L, full BPTT: which h(t) receive gradient from L? Pick them.`
        : `One output at the end, o(${p.tau}), one loss L, truncated BPTT with window k = ${p.window} (no gradient crosses back over a step that is a multiple of ${p.window}): which h(t) receive gradient from L? Pick them.`),
    'single-output-reach.explanation': (p: { tau: number; window: number; first: number }) =>
      (p.first === 1 ? `Only h(${p.tau}) feeds o(${p.tau}), but every earlier h(t) feeds h(${p.tau}) through W: the gradient of L reaches h(1) to h(${p.tau}) through the recurrence.`
        : `Only h(${p.tau}) feeds o(${p.tau}); the gradient goes back through W until the cut after step ${p.first - 1}, a multiple of ${p.window}: it reaches h(${p.first}) to h(${p.tau}) and none before.`),
    'memory-reach.question': (p: MemoryQuestion) =>
      `${p.network === 'jordan' ? `A Jordan network fed back ${p.feedback === 'teacher' ? 'the true y(t-1) (teacher forcing)' : p.feedback === 'softmax' ? 'yhat(t-1)' : 'o(t-1)'}`
        : p.window === 0 ? 'An Elman network with full BPTT' : `An Elman network with truncated BPTT, window k = ${p.window}`}: does o(${p.s}) depend on x(1), and does the gradient of L(${p.s}) reach h(1)? Both; the value only (o(${p.s}) depends on x(1), the gradient does not reach h(1)); the gradient only; or neither?`,
    'memory-reach.explanation': (p: MemoryExplanation) =>
      [p.depends ? `With another token for x(1), o(${p.s}) moves by up to ${n4(p.change)}: the forward pass carries x(1) to step ${p.s}, a memory the right weights can use.`
        : `With another token for x(1), o(${p.s}) stays exactly the same: under teacher forcing step t reads the true y(t-1), data, so nothing of x(1) crosses time.`,
      p.reaches ? `The gradient of L(${p.s}) goes back to h(1), so training can learn to use it.`
        : p.network === 'elman' ? `But the gradient of L(${p.s}) stops at the cut and reaches no further back than h(${p.first}): training cannot see what x(1) did. The weights exist; finding them by this gradient is another matter.`
          : `Nor does the gradient of L(${p.s}) cross time: it stays at h(${p.first}).`].join(' '),
    'lstm-cell-state.question': (p: { t: number; i: number; f: number; g: number; z: number }) =>
      `The cursor is at step ${p.t - 1}, s(${p.t - 1}) in the inspector. At step ${p.t} the forget gate is f_${p.i}(${p.t}) = ${n4(p.f)}, the input gate g_${p.i}(${p.t}) = ${n4(p.g)}, the candidate z_${p.i}(${p.t}) = ${n4(p.z)}. What will the cell state s_${p.i}(${p.t}) = f_${p.i}(${p.t}) s_${p.i}(${p.t - 1}) + g_${p.i}(${p.t}) z_${p.i}(${p.t}) be?`,
    'lstm-cell-state.explanation': (p: { t: number; i: number; f: number; g: number; z: number; prev: number; kept: number; written: number; s: number }) =>
      `s_${p.i}(${p.t}) = ${n4(p.f)} × ${n4(p.prev)} + ${n4(p.g)} × ${n4(p.z)} = ${sumOf([p.kept, p.written])} = ${n4(p.s)}: the forget gate keeps ${n4(p.f)} of the old state and the input gate writes ${n4(p.g)} of the candidate, with no squashing on the way.`,
    'gru-update.question': (p: { t: number; i: number; u: number; z: number }) =>
      `The cursor is at step ${p.t - 1}, h(${p.t - 1}) in the inspector. At step ${p.t} the update gate is u_${p.i}(${p.t}) = ${n4(p.u)} and the candidate z_${p.i}(${p.t}) = ${n4(p.z)}. What will h_${p.i}(${p.t}) = u_${p.i}(${p.t}) h_${p.i}(${p.t - 1}) + (1 - u_${p.i}(${p.t})) z_${p.i}(${p.t}) be?`,
    'gru-update.explanation': (p: { t: number; i: number; u: number; z: number; prev: number; kept: number; taken: number; h: number }) =>
      `h_${p.i}(${p.t}) = ${n4(p.u)} × ${n4(p.prev)} + (1 - ${n4(p.u)}) × ${n4(p.z)} = ${sumOf([p.kept, p.taken])} = ${n4(p.h)}: the update gate keeps ${n4(p.u)} of the past and takes the rest from the candidate.`,
  },
  {
    heading: (n: number) => `练习 ${n}：先预测，再运行`,
    start: '开始练习',
    tryAnother: '换一题',
    commit: '提交我的答案',
    pickHint: '在图中点击节点以选中它，再点一次取消（也可以在图中用方向键移动、按空格键选中）。',
    picked: (nodes: string) => (nodes === '' ? '已选：尚无。' : `已选：${nodes}。`),
    yourNumber: '你的数值',
    right: '正确。',
    wrong: '不太对。',
    missedExtra: (missed: string, extra: string) => [missed && `漏选：${missed}。`, extra && `不会收到梯度：${extra}。`].filter(Boolean).join(' '),
    optionWrong: (answer: string) => `引擎的答案：${answer}。`,
    off: (by: string, tolerance: string) => `相差 ${by}；误差在 ${tolerance} 以内算正确。`,
    'no-answer.pick-nodes': '请先在图中选中至少一个节点。',
    'no-answer.choose': '请先选择一个答案。',
    'no-answer.number': '请先输入一个数，例如 -0.25。',
    score: (right: number, tried: number) => `本节：做了 ${tried} 题，答对 ${right} 题。`,
    larger: '更大',
    smaller: '更小',
    both: '两者都是',
    'value only': '只有取值依赖',
    'gradient only': '只有梯度到达',
    neither: '两者都不',
    'truncation-reach.question': (p: { s: number; window: number; tau: number }) =>
      `窗口 k = ${p.window} 的截断 BPTT：哪些 h(t) 会收到仅来自 L(${p.s}) 的梯度？请选出它们。`,
    'truncation-reach.explanation': (p: { s: number; window: number; cut: number; first: number }) =>
      (p.cut === 0 ? `${p.s} 之前没有 ${p.window} 的倍数：L(${p.s}) 的梯度到达从 h(1) 到 h(${p.s}) 的每个 h(t)。`
        : `计算图在第 ${p.cut} 步（${p.window} 的倍数）之后被切断：L(${p.s}) 的梯度到达 h(${p.first}) 至 h(${p.s})，不再向前。`),
    'teacher-forcing-reach.question': (p: { s: number; feedback: string }) =>
      `一个 Jordan 网络，反馈的是${p.feedback === 'teacher' ? '真实的 y(t-1)（教师强制）' : p.feedback === 'softmax' ? ' yhat(t-1)' : ' o(t-1)'}：哪些 h(t) 会收到仅来自 L(${p.s}) 的梯度？请选出它们。`,
    'teacher-forcing-reach.explanation': (p: { s: number; crosses: boolean; first: number }) =>
      (p.crosses ? `反馈的输出把梯度带过时间：L(${p.s}) 到达 h(${p.first}) 至 h(${p.s})。`
        : `教师强制下，来自第 t-1 步的输入是数据：没有梯度跨越时间，L(${p.s}) 只到达 h(${p.s})。`),
    'vanishing-direction.question': (p: { scale: number; tau: number; nonlinearity: string }) =>
      `只在末尾输出一次，W = ${p.scale} I，${p.nonlinearity === 'relu' ? 'ReLU' : 'tanh'}，共 ${p.tau} 步：||dL/dh(1)|| 会比 ||dL/dh(${p.tau})|| 更大还是更小？`,
    'vanishing-direction.explanation': (p: { first: number; last: number; ratio: number; perStep: number; slope: number; tau: number }) =>
      `||dL/dh(1)|| = ${n4(p.first)}，||dL/dh(${p.tau})|| = ${n4(p.last)}：比值为 ${n4(p.ratio)}，每向前一步约乘以 ${n4(p.perStep)}；非线性函数的平均斜率为 ${n4(p.slope)}。`,
    'softmax-shift.question': (p: { t: number; j: number; shift: number }) =>
      `给 o(${p.t}) 的每个元素加上 ${p.shift}。此时 yhat_${p.j}(${p.t}) 是多少？（数值见检查器。）`,
    'softmax-shift.explanation': (p: { t: number; j: number; before: number; after: number }) =>
      `softmax(o + c) = softmax(o)：yhat_${p.j}(${p.t}) 之前为 ${n4(p.before)}，之后为 ${n4(p.after)}。`,
    'ga-entry.question': (p: { t: number; i: number }) =>
      `根据检查器中的 h(${p.t}) 与 dL/dh(${p.t})，计算 g_a(${p.t}) = dL/da(${p.t}) 的第 ${p.i} 个元素。`,
    'ga-entry.explanation': (p: { t: number; i: number; h: number; gh: number; slope: number; ga: number }) =>
      `g_a(${p.t})[${p.i}] = (1 - h^2) dL/dh = (1 - ${n4(p.h)}^2) × ${n4(p.gh)} = ${n4(p.slope)} × ${n4(p.gh)} = ${n4(p.ga)}。`,
    'shared-count.question': (p: { name: string; tau: number; n: number; H: number; K: number }) =>
      `一个 Elman 网络，输入大小 n = ${p.n}，隐藏单元 H = ${p.H} 个，类别 K = ${p.K} 个，在 ${p.tau} 个时间步上展开：每个时间步都使用同一个 ${p.name}。${p.name} 共有多少个数？`,
    'shared-count.explanation': (p: { name: string; tau: number; rows: number; cols: number; count: number; unshared: number }) =>
      `${p.name} 是 ${p.rows} × ${p.cols} 的：共 ${p.count} 个数，只存储一次，${p.tau} 个时间步都使用它。展开图把 ${p.name} 画了 ${p.tau} 次，但并没有每步一份（那将是 ${p.unshared} 个数）。`,
    'forward-entry.question': (p: { t: number; i: number; b: number; w: readonly number[]; u: number; token: number }) =>
      `光标位于第 ${p.t - 1} 步，检查器中显示 h(${p.t - 1})。第 ${p.t} 步读入符号 ${p.token}，因此 (U x(${p.t}))_${p.i} = ${n4(p.u)}；b_${p.i} = ${n4(p.b)}；W 的第 ${p.i} 行为 ${listOf(p.w)}。h_${p.i}(${p.t}) = tanh(b_${p.i} + (W h(${p.t - 1}))_${p.i} + (U x(${p.t}))_${p.i}) 将是多少？`,
    'forward-entry.explanation': (p: { t: number; i: number; b: number; wh: number; u: number; a: number; h: number }) =>
      `a_${p.i}(${p.t}) = b_${p.i} + (W h(${p.t - 1}))_${p.i} + (U x(${p.t}))_${p.i} = ${sumOf([p.b, p.wh, p.u])} = ${n4(p.a)}，h_${p.i}(${p.t}) = tanh(${n4(p.a)}) = ${n4(p.h)}。`,
    'shared-gradient.question': (p: { k: number; tau: number }) =>
      `前向传播已完成，BPTT 尚未运行。c 在全部 ${p.tau} 个时间步上都加到 o(t) 上。根据每一步的 yhat(t) 与 y(t)，BPTT 运行之后 dL/dc_${p.k} 将是多少？`,
    'shared-gradient.explanation': (p: { k: number; yhat: readonly number[]; hits: readonly number[]; terms: readonly number[]; sum: number }) =>
      `dL/dc_${p.k} 是各时间步 dL/do_${p.k}(t) = yhat_${p.k}(t) - [y(t) = ${p.k}] 之和：${sumOf(p.terms)} = ${n4(p.sum)}。即各步的 yhat_${p.k}(t)，${listOf(p.yhat)}，在目标为 ${p.k} 的时间步（${stepsOf(p.hits, '没有', '、')}）各减去 1。`,
    'single-output-reach.question': (p: { tau: number; window: number }) =>
      (p.window === 0 ? `只在末尾有一个输出 o(${p.tau})，一个损失 L，完整的 BPTT：哪些 h(t) 会收到来自 L 的梯度？请选出它们。`
        : `只在末尾有一个输出 o(${p.tau})，一个损失 L，窗口 k = ${p.window} 的截断 BPTT（梯度不会反向跨过 ${p.window} 的倍数的时间步）：哪些 h(t) 会收到来自 L 的梯度？请选出它们。`),
    'single-output-reach.explanation': (p: { tau: number; window: number; first: number }) =>
      (p.first === 1 ? `只有 h(${p.tau}) 连到 o(${p.tau})，但之前的每个 h(t) 都经由 W 影响 h(${p.tau})：L 的梯度经由循环连接到达 h(1) 至 h(${p.tau})。`
        : `只有 h(${p.tau}) 连到 o(${p.tau})；梯度经由 W 反向传递，直到第 ${p.first - 1} 步（${p.window} 的倍数）之后的切断处：它到达 h(${p.first}) 至 h(${p.tau})，不再向前。`),
    'memory-reach.question': (p: MemoryQuestion) =>
      `${p.network === 'jordan' ? `一个 Jordan 网络，反馈的是${p.feedback === 'teacher' ? '真实的 y(t-1)（教师强制）' : p.feedback === 'softmax' ? ' yhat(t-1)' : ' o(t-1)'}`
        : p.window === 0 ? '一个使用完整 BPTT 的 Elman 网络' : `一个使用截断 BPTT（窗口 k = ${p.window}）的 Elman 网络`}：o(${p.s}) 是否依赖于 x(1)？L(${p.s}) 的梯度是否到达 h(1)？两者都是；只有取值依赖（o(${p.s}) 依赖于 x(1)，梯度却不到达 h(1)）；只有梯度到达；还是两者都不？`,
    'memory-reach.explanation': (p: MemoryExplanation) =>
      [p.depends ? `把 x(1) 换成另一个符号，o(${p.s}) 最多改变 ${n4(p.change)}：前向传播把 x(1) 带到了第 ${p.s} 步，这是合适的权重可以利用的记忆。`
        : `把 x(1) 换成另一个符号，o(${p.s}) 完全不变：教师强制下第 t 步读入的是真实的 y(t-1)，即数据，x(1) 的任何信息都不会跨越时间。`,
      p.reaches ? `L(${p.s}) 的梯度一直传回 h(1)，因此训练可以学会利用它。`
        : p.network === 'elman' ? `但 L(${p.s}) 的梯度在切断处停止，最远只到 h(${p.first})：训练看不到 x(1) 的作用。这样的权重存在，用这个梯度找到它们却是另一回事。`
          : `L(${p.s}) 的梯度也不跨越时间：它只停留在 h(${p.first})。`].join(''),
    'lstm-cell-state.question': (p: { t: number; i: number; f: number; g: number; z: number }) =>
      `光标位于第 ${p.t - 1} 步，检查器中显示 s(${p.t - 1})。第 ${p.t} 步的遗忘门 f_${p.i}(${p.t}) = ${n4(p.f)}，输入门 g_${p.i}(${p.t}) = ${n4(p.g)}，候选值 z_${p.i}(${p.t}) = ${n4(p.z)}。细胞状态 s_${p.i}(${p.t}) = f_${p.i}(${p.t}) s_${p.i}(${p.t - 1}) + g_${p.i}(${p.t}) z_${p.i}(${p.t}) 将是多少？`,
    'lstm-cell-state.explanation': (p: { t: number; i: number; f: number; g: number; z: number; prev: number; kept: number; written: number; s: number }) =>
      `s_${p.i}(${p.t}) = ${n4(p.f)} × ${n4(p.prev)} + ${n4(p.g)} × ${n4(p.z)} = ${sumOf([p.kept, p.written])} = ${n4(p.s)}：遗忘门保留旧状态的 ${n4(p.f)}，输入门写入候选值的 ${n4(p.g)}，其间没有任何压缩。`,
    'gru-update.question': (p: { t: number; i: number; u: number; z: number }) =>
      `光标位于第 ${p.t - 1} 步，检查器中显示 h(${p.t - 1})。第 ${p.t} 步的更新门 u_${p.i}(${p.t}) = ${n4(p.u)}，候选值 z_${p.i}(${p.t}) = ${n4(p.z)}。h_${p.i}(${p.t}) = u_${p.i}(${p.t}) h_${p.i}(${p.t - 1}) + (1 - u_${p.i}(${p.t})) z_${p.i}(${p.t}) 将是多少？`,
    'gru-update.explanation': (p: { t: number; i: number; u: number; z: number; prev: number; kept: number; taken: number; h: number }) =>
      `h_${p.i}(${p.t}) = ${n4(p.u)} × ${n4(p.prev)} + (1 - ${n4(p.u)}) × ${n4(p.z)} = ${sumOf([p.kept, p.taken])} = ${n4(p.h)}：更新门保留过去的 ${n4(p.u)}，其余取自候选值。`,
  },
);
