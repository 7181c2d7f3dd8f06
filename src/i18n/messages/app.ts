/** The app shell: tagline, panel headings, the message bar, and words several panels share. */
import { defineMessages } from '../i18n';

export const appMessages = defineMessages(
  {
    tagline: 'See a recurrent network compute and learn, step by step.',
    training: 'Training',
    graphs: 'Graphs',
    charts: 'Charts',
    dynamics: 'Gradient dynamics',
    explanations: 'Explanations',
    currentStep: 'Current step',
    closeInspector: 'Close the inspector',
    panels: 'Charts, training, generating, dynamics and explanations',
    dismiss: 'Dismiss the message',
    waiting: 'Waiting for the engine…',
    panelFailed: (why: string) => `This panel failed to load (${why}); reload the page.`,
  },
  {
    tagline: '逐步观察循环神经网络如何计算与学习。',
    training: '训练',
    graphs: '计算图',
    charts: '图表',
    dynamics: '梯度动态',
    explanations: '解释',
    currentStep: '当前时间步',
    closeInspector: '关闭检查器',
    panels: '图表、训练、生成、动态与解释',
    dismiss: '关闭此消息',
    waiting: '正在等待计算引擎…',
    panelFailed: (why: string) => `此面板加载失败（${why}）；请重新加载页面。`,
  },
);
