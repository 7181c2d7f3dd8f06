/** The app shell: tagline, panel headings, the message bar, and words several panels share. */
import { defineMessages } from '../i18n';

export const appMessages = defineMessages(
  {
    tagline: 'See a recurrent network compute and learn, step by step.',
    model: 'Model',
    training: 'Training',
    stepping: 'Forward pass and BPTT',
    graphs: 'Graphs',
    charts: 'Charts',
    dynamics: 'Gradient dynamics',
    currentStep: 'Current step',
    dismiss: 'Dismiss the message',
    waiting: 'Waiting for the engine…',
    panelFailed: (why: string) => `This panel failed to load (${why}); reload the page.`,
  },
  {
    tagline: '逐步观察循环神经网络如何计算与学习。',
    model: '模型',
    training: '训练',
    stepping: '前向传播与通过时间反向传播（BPTT）',
    graphs: '计算图',
    charts: '图表',
    dynamics: '梯度动态',
    currentStep: '当前时间步',
    dismiss: '关闭此消息',
    waiting: '正在等待计算引擎…',
    panelFailed: (why: string) => `此面板加载失败（${why}）；请重新加载页面。`,
  },
);
