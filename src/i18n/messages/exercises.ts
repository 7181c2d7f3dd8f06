/**
 * The tour's exercises in words (src/graph/exercises holds them as data): each question and
 * explanation by its key, worded from its parameters; the panel's buttons and verdicts.
 */
import { defineMessages } from '../i18n';

/** A number as the explanations print it: 4 significant digits. */
const n4 = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

export const exerciseMessages = defineMessages(
  {
    heading: (n: number) => `Exercise ${n}: predict, then run`,
    tryAnother: 'Try another',
    commit: 'Commit my answer',
    pickHint: 'Click the nodes in the graph to pick them (click again to unpick).',
    picked: (nodes: string) => (nodes === '' ? 'Picked: none yet.' : `Picked: ${nodes}.`),
    yourNumber: 'Your number',
    right: 'Right.',
    wrong: 'Not quite.',
    missedExtra: (missed: string, extra: string) => [missed && `Missed: ${missed}.`, extra && `Not reached: ${extra}.`].filter(Boolean).join(' '),
    optionWrong: (answer: string) => `The engine's answer: ${answer}.`,
    off: (by: string, tolerance: string) => `Off by ${by}; within ${tolerance} counts as right.`,
    notANumber: 'That is not a number.',
    score: (right: number, tried: number) => `This chapter: ${right} right of ${tried} tried.`,
    larger: 'larger',
    smaller: 'smaller',
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
  },
  {
    heading: (n: number) => `练习 ${n}：先预测，再运行`,
    tryAnother: '换一题',
    commit: '提交我的答案',
    pickHint: '在图中点击节点以选中它（再点一次取消）。',
    picked: (nodes: string) => (nodes === '' ? '已选：尚无。' : `已选：${nodes}。`),
    yourNumber: '你的数值',
    right: '正确。',
    wrong: '不太对。',
    missedExtra: (missed: string, extra: string) => [missed && `漏选：${missed}。`, extra && `不会收到梯度：${extra}。`].filter(Boolean).join(' '),
    optionWrong: (answer: string) => `引擎的答案：${answer}。`,
    off: (by: string, tolerance: string) => `相差 ${by}；误差在 ${tolerance} 以内算正确。`,
    notANumber: '这不是一个数。',
    score: (right: number, tried: number) => `本节：做了 ${tried} 题，答对 ${right} 题。`,
    larger: '更大',
    smaller: '更小',
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
  },
);
