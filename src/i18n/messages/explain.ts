/** The explanations panel: the margin questions of section 10.2, answered with the live model's numbers. */
import { defineMessages } from '../i18n';

export const explainMessages = defineMessages({
  title: 'Explanations',
  intro: 'The questions a reader of section 10.2 wrote in the margin, answered with this model\'s numbers.',
  noTrace: 'The numbers appear when the engine has run the pass.',

  softmaxQ: 'Why is o(t) called "unnormalised log-probabilities"?',
  softmaxA1: 'softmax turns o into probabilities: ŷᵢ = exp(oᵢ) / Σⱼ exp(oⱼ). Taking logs, log ŷᵢ = oᵢ − log Σⱼ exp(oⱼ). So o = log ŷ + c, with one constant c = logsumexp(o) for every entry.',
  softmaxA2: 'o is a log-probability up to that additive constant: "unnormalised" because the exp(oᵢ) need not sum to 1 (nothing asks Σ pᵢ = 1 of them). softmax divides the constant out, so adding any constant to o changes nothing.',
  softmaxAt: (t: number) => `At step t = ${t}:`,
  softmaxNone: 'This step has no output.',
  colClass: 'class i',
  colO: 'oᵢ',
  colYhat: 'ŷᵢ',
  colLog: 'log ŷᵢ',
  colDiff: 'oᵢ − log ŷᵢ',
  softmaxLive: (c: string, dev: string, total: string, shift: number, change: string) =>
    `Every oᵢ − log ŷᵢ equals c = logsumexp(o) = ${c} (largest deviation ${dev}, rounding); Σ ŷᵢ = ${total}. softmax(o + ${shift}) differs from ŷ by at most ${change}.`,
  moreClasses: (shown: number, total: number) => `The first ${shown} of ${total} classes.`,

  lossQ: 'How does the loss become a sum of per-step negative log-likelihoods?',
  lossA1: 'After reading x(1..t) the network outputs ŷ(t), a distribution over y(t): p_model(y(t) | x(1..t)) = ŷ(t)[y(t)].',
  lossA2: 'Each y(t) depends on the inputs only through h(t), not on the other targets, so the probability of the whole target sequence is the product of the steps\' probabilities: p(y(1..τ) | x(1..τ)) = Πₜ ŷ(t)[y(t)].',
  lossA3: 'The negative log of a product is the sum of the negative logs: L = −log Πₜ ŷ(t)[y(t)] = Σₜ −log ŷ(t)[y(t)] = Σₜ L(t). Maximising the likelihood of the sequence is minimising L.',
  lossTeacher: 'With teacher forcing, step t also sees y(t−1): each factor is p(y(t) | x(1..t), y(1..t−1)), and the product is the chain rule of probability exactly.',
  lossSingle: 'The single-output network has one target, at t = τ: the sum has one term.',
  colT: 't',
  colTarget: 'y(t)',
  colP: 'ŷ(t)[y(t)]',
  colL: 'L(t) = −log ŷ(t)[y(t)]',
  lossLive: (sum: string, product: string, exp: string) => `Σₜ L(t) = ${sum}; Πₜ ŷ(t)[y(t)] = ${product}; exp(−L) = ${exp}.`,
  moreSteps: (shown: number, total: number) => `The first ${shown} of ${total} steps.`,

  bpttQ: 'Why does BPTT cost O(τ) time and memory, and why can it not be parallelised over time?',
  bpttA1: 'Forward, h(t) needs h(t−1): the τ steps run one after another, left to right, however many processors there are. Backward, dL/dh(t) needs dL/dh(t+1): again one after another, right to left. The time is O(τ).',
  bpttA2: 'Backward step t needs h(t) (tanh′ = 1 − h(t)²) and ŷ(t) (dL/do(t) = ŷ(t) − onehot(y(t))): every forward state is kept until BPTT reaches it. The memory is O(τ).',
  bpttLive: (tau: number, held: number, bytes: string, held2: number) =>
    `Here τ = ${tau}: at the turn from the forward pass to BPTT, ${held} numbers are held (${bytes}); over 2τ = ${2 * tau} steps it would be ${held2}. The transport shows the memory held at each position.`,
  bpttTeacher: 'Teacher forcing changes this. The Jordan network fed the true y(t−1) needs no earlier step to compute step t: all τ steps can run at once, and no gradient crosses time, so each step\'s gradient is computed on its own. At test time, fed its own outputs, it runs in order again.',
  bpttThisTeacher: 'This model uses teacher forcing: its steps are independent.',
  bpttThisChained: 'This model\'s steps are chained: each waits for the one before.',

  turingQ: 'What does the claim that such RNNs are universal (Turing complete) say?',
  turing1: 'Any function a Turing machine can compute can be computed by some RNN of this kind with finitely many units: Siegelmann and Sontag (1995) built one with 886 units that simulates a universal Turing machine.',
  turing2: 'The input is given as a sequence of bits and the output, discretised to bits, is read after a number of steps linear in the machine\'s running time and in the input length. The result is exact, not an approximation.',
  turing3: 'The proof stores a stack in the digits of activations and weights of unbounded precision (rational numbers); a float64 network has finite precision.',
  turing4: 'It says what an RNN can represent, not what gradient descent can find: it promises nothing about training.',

  jordanQ: 'Is the Jordan network better than the Elman network?',
  jordanA: 'Not in power. In the Jordan network only o(t−1), a prediction, carries the past to step t; the Elman network\'s h(t) can hold whatever it needs to remember. So the Jordan network represents fewer functions. Its advantage is training: with teacher forcing its steps decouple and train in parallel. Try the delayed echo task on both: it needs memory the output does not hold.',

  h0Q: 'What is h(0)?',
  h0A: 'At t = 1 there is no earlier step, so the recurrence needs a starting state. Here h(0) is a parameter (h0), learned like W, drawn in the graph\'s column 0. The Jordan network has none: its f(0) is the zero vector.',

  gatedQ: 'Why can the LSTM and the GRU learn what the Elman network cannot?',
  gated1: 'In the Elman network every step back multiplies the gradient by W^T diag(1 − h(t)²): over many steps the product shrinks (or blows up) geometrically, so an error at step t barely reaches a cause 30 steps earlier (section 10.7).',
  gated2: 'The LSTM adds a second state, the cell state s(t) = f(t) * s(t−1) + g(t) * z(t), drawn as its own row. Back along that row each step multiplies by the forget gate f(t) alone, entry by entry, with no squashing: where the network learns f ≈ 1 the gradient crosses many steps intact. The GRU does the same with h(t) = u(t) * h(t−1) + (1 − u(t)) * z(t) and its update gate u. Open the cell ("Show the gates") to see each gate, and the Jacobian panel for the product of the gates over a span.',
  gated3: 'The presets "Long echo (lag 30)" put this to the test: one cue must be remembered across 29 blanks. Train each network with its preset\'s settings, or compare the three cells in the dynamics panel.',
}, {
  title: '解释',
  intro: '10.2 节读者在页边写下的问题，用这个模型的实际数值来回答。',
  noTrace: '引擎算完这一遍传播后，这里会显示数值。',

  softmaxQ: '为什么说 o(t) 是"未归一化的对数概率"？',
  softmaxA1: 'softmax 把 o 变成概率：ŷᵢ = exp(oᵢ) / Σⱼ exp(oⱼ)。两边取对数，log ŷᵢ = oᵢ − log Σⱼ exp(oⱼ)。所以 o = log ŷ + c，其中每个分量共用同一个常数 c = logsumexp(o)。',
  softmaxA2: 'o 是相差一个加性常数的对数概率："未归一化"是因为 exp(oᵢ) 之和不必为 1（并不要求 Σ pᵢ = 1）。softmax 会把这个常数约掉，所以给 o 加上任何常数都不改变结果。',
  softmaxAt: (t: number) => `在时间步 t = ${t}：`,
  softmaxNone: '这一步没有输出。',
  colClass: '类别 i',
  colO: 'oᵢ',
  colYhat: 'ŷᵢ',
  colLog: 'log ŷᵢ',
  colDiff: 'oᵢ − log ŷᵢ',
  softmaxLive: (c: string, dev: string, total: string, shift: number, change: string) =>
    `每个 oᵢ − log ŷᵢ 都等于 c = logsumexp(o) = ${c}（最大偏差 ${dev}，来自舍入）；Σ ŷᵢ = ${total}。softmax(o + ${shift}) 与 ŷ 最多相差 ${change}。`,
  moreClasses: (shown: number, total: number) => `显示 ${total} 个类别中的前 ${shown} 个。`,

  lossQ: '损失怎么变成各时间步负对数似然之和的？',
  lossA1: '读入 x(1..t) 之后，网络输出 ŷ(t)，即 y(t) 上的分布：p_model(y(t) | x(1..t)) = ŷ(t)[y(t)]。',
  lossA2: '每个 y(t) 只通过 h(t) 依赖输入，而不依赖其他目标，所以整个目标序列的概率是各步概率之积：p(y(1..τ) | x(1..τ)) = Πₜ ŷ(t)[y(t)]。',
  lossA3: '乘积的负对数等于负对数之和：L = −log Πₜ ŷ(t)[y(t)] = Σₜ −log ŷ(t)[y(t)] = Σₜ L(t)。最大化整个序列的似然，就是最小化 L。',
  lossTeacher: '使用教师强制时，第 t 步还能看到 y(t−1)：每个因子是 p(y(t) | x(1..t), y(1..t−1))，乘积恰好就是概率的链式法则。',
  lossSingle: '单输出网络只在 t = τ 有一个目标：和式只有一项。',
  colT: 't',
  colTarget: 'y(t)',
  colP: 'ŷ(t)[y(t)]',
  colL: 'L(t) = −log ŷ(t)[y(t)]',
  lossLive: (sum: string, product: string, exp: string) => `Σₜ L(t) = ${sum}；Πₜ ŷ(t)[y(t)] = ${product}；exp(−L) = ${exp}。`,
  moreSteps: (shown: number, total: number) => `显示 ${total} 个时间步中的前 ${shown} 个。`,

  bpttQ: '为什么 BPTT 的时间和内存代价是 O(τ)，而且不能在时间上并行？',
  bpttA1: '前向传播中，h(t) 需要 h(t−1)：τ 个时间步只能从左到右一个接一个地计算，处理器再多也没用。反向传播中，dL/dh(t) 需要 dL/dh(t+1)：同样只能从右到左依次计算。所以时间是 O(τ)。',
  bpttA2: '反向第 t 步需要 h(t)（tanh′ = 1 − h(t)²）和 ŷ(t)（dL/do(t) = ŷ(t) − onehot(y(t))）：每个前向状态都必须保存，直到 BPTT 用到它。所以内存是 O(τ)。',
  bpttLive: (tau: number, held: number, bytes: string, held2: number) =>
    `这里 τ = ${tau}：从前向传播转入 BPTT 时，需要保存 ${held} 个数（${bytes}）；若有 2τ = ${2 * tau} 步，则是 ${held2} 个。播放控制栏显示每个位置保存的内存。`,
  bpttTeacher: '教师强制改变了这一点。输入真实 y(t−1) 的 Jordan 网络计算第 t 步时不需要任何更早的步：τ 步可以同时计算，也没有梯度跨越时间，每一步的梯度可以单独计算。但在测试时，网络要输入自己的输出，又只能按顺序运行。',
  bpttThisTeacher: '这个模型使用教师强制：各时间步相互独立。',
  bpttThisChained: '这个模型的各时间步前后相连：每一步都要等前一步。',

  turingQ: '"这样的循环网络是万能的（图灵完备）"这句话说的是什么？',
  turing1: '任何图灵机可计算的函数，都可以由某个这种结构、单元数有限的循环网络计算：Siegelmann 和 Sontag（1995）用 886 个单元构造了一个模拟通用图灵机的网络。',
  turing2: '输入是一个二进制序列，输出离散化为二进制，在与图灵机运行时间和输入长度成线性关系的步数之后读出。这个结果是精确实现，不是近似。',
  turing3: '证明把一个栈存放在精度无限的激活值和权重（有理数）的各位数字里；float64 网络的精度是有限的。',
  turing4: '它说的是循环网络能表示什么，而不是梯度下降能找到什么：对训练不作任何保证。',

  jordanQ: 'Jordan 网络比 Elman 网络更好吗？',
  jordanA: '表达能力上并非如此。Jordan 网络中只有 o(t−1)（一个预测）把过去带到第 t 步；Elman 网络的 h(t) 可以保存它需要记住的任何信息。所以 Jordan 网络能表示的函数更少。它的优势在训练：使用教师强制时，各时间步解耦，可以并行训练。可以在两种网络上试试延迟回声任务：它需要输出中没有的记忆。',

  h0Q: 'h(0) 是什么？',
  h0A: '在 t = 1 时没有更早的时间步，所以循环需要一个初始状态。这里 h(0) 是一个参数（h0），像 W 一样被学习，画在图的第 0 列。Jordan 网络没有 h(0)：它的 f(0) 是零向量。',

  gatedQ: '为什么 LSTM 和 GRU 能学会 Elman 网络学不会的东西？',
  gated1: '在 Elman 网络中，每向后一步，梯度都要乘以 W^T diag(1 − h(t)²)：经过许多步，这个乘积按几何级数缩小（或爆炸），所以第 t 步的误差几乎到达不了 30 步之前的原因（10.7 节）。',
  gated2: 'LSTM 增加了第二个状态，即细胞状态 s(t) = f(t) * s(t−1) + g(t) * z(t)，在图中自成一行。沿这一行向后，每一步只逐元素乘以遗忘门 f(t)，不经过任何挤压：网络学到 f ≈ 1 的地方，梯度可以完好地跨越许多步。GRU 用 h(t) = u(t) * h(t−1) + (1 − u(t)) * z(t) 和更新门 u 做到同样的事。打开单元（"显示门控单元"）可以看到每个门，雅可比面板给出门在一段跨度上的乘积。',
  gated3: '预设"长延迟回声（延迟 30）"检验这一点：一个提示必须跨越 29 个空白被记住。用各自预设的设置训练每个网络，或者在动态面板中比较三种单元。',
});
