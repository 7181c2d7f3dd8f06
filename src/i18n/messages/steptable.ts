/** The current step's table: values and gradients of its nodes, the loss so far, the parameter gradients. */
import { defineMessages } from '../i18n';

export const stepTableMessages = defineMessages(
  {
    table: 'Current step',
    step: (t: number) => `Step t = ${t}`,
    nothingYet: 'Nothing computed yet: h(0) is the initial state.',
    node: 'Node',
    value: 'Value',
    gradient: 'Gradient dL/d(node)',
    lossSoFar: (loss: string) => `Loss so far: ${loss}`,
    norms: 'Parameter gradients so far',
    notFinite: (what: string) => `Not finite: ${what}`,
    /** Where the graph shows it: in the non-finite colour of the theme. */
    notFiniteDrawn: (dark: boolean): string => (dark ? 'The graph draws a value that is not finite in white.' : 'The graph draws a value that is not finite in black.'),
  },
  {
    table: '当前时间步',
    step: (t: number) => `时间步 t = ${t}`,
    nothingYet: '尚未计算任何量：h(0) 是初始状态。',
    node: '节点',
    value: '值',
    gradient: '梯度 dL/d(节点)',
    lossSoFar: (loss: string) => `目前累计的损失：${loss}`,
    norms: '目前累计的参数梯度',
    notFinite: (what: string) => `出现非有限值：${what}`,
    notFiniteDrawn: (dark: boolean): string => (dark ? '图中的非有限值以白色显示。' : '图中的非有限值以黑色显示。'),
  },
);
