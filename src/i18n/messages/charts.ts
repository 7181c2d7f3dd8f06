/** The step charts: loss and gradient norm per step, and predictions against targets. */
import { defineMessages } from '../i18n';

const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

export const chartsMessages = defineMessages(
  {
    lossTitle: 'Loss per step',
    normTitle: 'Gradient norm ||dL/dh(t)|| per step (log scale)',
    notFinite: 'not finite',
    numbers: (title: string) => `${title}: the numbers`,
    numbersPage: (title: string, from: number, to: number, tau: number) => `${title}: the numbers for t = ${from} to ${to} of ${tau} (the page that holds the cursor)`,
    hint: 'In colour: computed at the cursor (L(t) in the forward pass, ||dL/dh(t)|| in BPTT); grey: not yet. The dashed line marks the cursor\'s step.',

    // A chart's summary for its accessible name: parts joined by `join`, then `summary`.
    summary: (title: string, parts: string) => `${title}: ${parts}.`,
    join: '; ',
    oneOutput: (tau: number, value: string) => `one output, L(${tau}) = ${value}`,
    range: (tau: number) => `t = 1 to ${tau}`,
    sameLoss: (value: string) => `L(t) = ${value} at every finite step`,
    lossExtremes: (largestT: number, largest: string, smallestT: number, smallest: string) =>
      `largest L(${largestT}) = ${largest}, smallest L(${smallestT}) = ${smallest}`,
    normExtremes: (smallest: string, smallestT: number, largest: string, largestT: number) =>
      `from ${smallest} at t = ${smallestT} to ${largest} at t = ${largestT}`,
    zeroAt: (steps: string) => `zero at ${steps}`,
    notFiniteAt: (steps: string) => `not finite at ${steps}`,
    computed: (from: number, to: number) => `computed for t = ${from} to ${to}`,
    nothingYet: 'nothing computed yet',
    cursorAt: (t: number) => `cursor at t = ${t}`,

    // Notes under a chart.
    notFiniteNote: (what: string, value: string, steps: string) => `Not finite: ${what} is ${value} at ${steps} (× above the plot).`,
    zeroNote: (steps: string, floor: string) => `Zero: ||dL/dh(t)|| = 0 at ${steps} (▽ on the floor, ${floor}).`,

    // Predictions against targets.
    predictions: 'Predictions against targets',
    predictionsHead: (title: string, which: string, classes: number) => `${title}: ${which}, ${classes} classes`,
    oneOutputAt: (t: number) => `one output, at t = ${t}`,
    cursorNoOutput: (t: number) => `cursor at t = ${t}, a step without an output`,
    sentence: (text: string) => `${text}.`,
    noPrediction: 'No prediction computed yet: the targets y(t) are outlined; step forward to compute yhat(t).',
    upTo: (t: number, summary: string) => `Up to t = ${t}: ${summary}.`,
    predictedRight: (correct: number, total: number) => `${correct} of ${steps(total)} predicted right`,
    meanUnknown: 'mean p(target) unknown: no yhat(t) is finite',
    mean: (p: string) => `mean p(target) ${p}`,
    meanOverFinite: (p: string, finite: number) => `mean p(target) ${p} over the ${steps(finite)} whose yhat(t) is finite`,
    entryNotFinite: (t: number, k: number, value: string) => `yhat(${t})[${k}] is ${value}`,
    columnNotFinite: (t: number, target: string, what: string) => `t = ${t}: target y(${t}) = ${target}; ${what}`,
    columnRight: (t: number, target: string, p: string) => `t = ${t}: target y(${t}) = ${target}, p(target) = ${p}; right`,
    columnWrong: (t: number, target: string, p: string, argmax: string, pArgmax: string) =>
      `t = ${t}: target y(${t}) = ${target}, p(target) = ${p}; wrong: argmax ${argmax}, p = ${pArgmax}`,
    gridNotFinite: (list: string) => `Not finite: ${list} (× above the grid; those columns are not shaded).`,
    gridNotFiniteMore: (list: string, more: number) => `Not finite: ${list} and ${more} more (× above the grid; those columns are not shaded).`,
    target: 'target y(t)',
    pTarget: 'p(target)',
    right: 'right',
    none: 'none',
    yes: 'yes',
    no: 'no',
    keyBelow: (min: number) => `1 (below ${min}: as 0);`,
    keyTarget: 'target y(t);',
    keyRest: 'argmax when it is not the target; grey: not computed yet; dashed outline: the cursor\'s step.',
  },
  {
    lossTitle: '每个时间步的损失',
    normTitle: '每个时间步的梯度范数 ||dL/dh(t)||（对数尺度）',
    notFinite: '非有限',
    numbers: (title: string) => `${title}：数值`,
    numbersPage: (title: string, from: number, to: number, tau: number) => `${title}：t = ${from} 到 ${to} 的数值（共 ${tau} 步，光标所在的一页）`,
    hint: '彩色：光标处已计算的值（前向传播中为 L(t)，BPTT 中为 ||dL/dh(t)||）；灰色：尚未计算。虚线标出光标所在的时间步。',

    summary: (title: string, parts: string) => `${title}：${parts}。`,
    join: '；',
    oneOutput: (tau: number, value: string) => `单个输出，L(${tau}) = ${value}`,
    range: (tau: number) => `t = 1 到 ${tau}`,
    sameLoss: (value: string) => `每个有限值的时间步上 L(t) 都等于 ${value}`,
    lossExtremes: (largestT: number, largest: string, smallestT: number, smallest: string) =>
      `最大值 L(${largestT}) = ${largest}，最小值 L(${smallestT}) = ${smallest}`,
    normExtremes: (smallest: string, smallestT: number, largest: string, largestT: number) =>
      `从 t = ${smallestT} 处的 ${smallest} 到 t = ${largestT} 处的 ${largest}`,
    zeroAt: (steps: string) => `在 ${steps} 处为零`,
    notFiniteAt: (steps: string) => `在 ${steps} 处为非有限值`,
    computed: (from: number, to: number) => `已计算 t = ${from} 到 ${to}`,
    nothingYet: '尚未计算任何量',
    cursorAt: (t: number) => `光标位于 t = ${t}`,

    notFiniteNote: (what: string, value: string, steps: string) => `出现非有限值：${what} 在 ${steps} 处为 ${value}（在图的上方以 × 标出）。`,
    zeroNote: (steps: string, floor: string) => `零：||dL/dh(t)|| 在 ${steps} 处为 0（在底部以 ▽ 标出，位于 ${floor}）。`,

    predictions: '预测与目标对比',
    predictionsHead: (title: string, which: string, classes: number) => `${title}：${which}，${classes} 个类别`,
    oneOutputAt: (t: number) => `单个输出，位于 t = ${t}`,
    cursorNoOutput: (t: number) => `光标位于 t = ${t}，该时间步没有输出`,
    sentence: (text: string) => `${text}。`,
    noPrediction: '尚未计算任何预测：目标 y(t) 以方框标出；前进一步即可计算 yhat(t)。',
    upTo: (t: number, summary: string) => `截至 t = ${t}：${summary}。`,
    predictedRight: (correct: number, total: number) => `${total} 个时间步中预测正确 ${correct} 个`,
    meanUnknown: '平均 p(目标) 未知：没有一个 yhat(t) 是有限值',
    mean: (p: string) => `平均 p(目标) 为 ${p}`,
    meanOverFinite: (p: string, finite: number) => `在 yhat(t) 为有限值的 ${finite} 个时间步上，平均 p(目标) 为 ${p}`,
    entryNotFinite: (t: number, k: number, value: string) => `yhat(${t})[${k}] 为 ${value}`,
    columnNotFinite: (t: number, target: string, what: string) => `t = ${t}：目标 y(${t}) = ${target}；${what}`,
    columnRight: (t: number, target: string, p: string) => `t = ${t}：目标 y(${t}) = ${target}，p(目标) = ${p}；预测正确`,
    columnWrong: (t: number, target: string, p: string, argmax: string, pArgmax: string) =>
      `t = ${t}：目标 y(${t}) = ${target}，p(目标) = ${p}；预测错误：argmax 为 ${argmax}，p = ${pArgmax}`,
    gridNotFinite: (list: string) => `出现非有限值：${list}（在网格上方以 × 标出；这些列不着色）。`,
    gridNotFiniteMore: (list: string, more: number) => `出现非有限值：${list}，另有 ${more} 处（在网格上方以 × 标出；这些列不着色）。`,
    target: '目标 y(t)',
    pTarget: 'p(目标)',
    right: '正确',
    none: '无',
    yes: '是',
    no: '否',
    keyBelow: (min: number) => `1（低于 ${min} 时按 0 显示）；`,
    keyTarget: '目标 y(t)；',
    keyRest: '不是目标时的 argmax；灰色：尚未计算；虚线框：光标所在的时间步。',
  },
);
