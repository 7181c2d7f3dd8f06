/** Messages the store's effects and the boot show: training stopped, autosave, a replaced engine. */
import { defineMessages } from '../i18n';

export const noticeMessages = defineMessages(
  {
    /** `where` is the engine's own words (a node and step, e.g. `forward step 3: h(3)[1] is NaN`). */
    trainingStopped: (iteration: string, where: string) =>
      `Training stopped at iteration ${iteration}: ${where}. The model from before that iteration is kept; lower the learning rate or turn on clipping, then resume.`,
    updateNotFinite: (param: string, value: string) => `the update of ${param} is ${value}`,
    notFinite: 'a value stopped being finite',
    trainingFailed: (why: string) => `Training stopped: ${why}`,
    autosaveFailed: 'Autosave failed: the browser refused to store the state.',
    autosaveTooLarge: 'This model is too large to be saved in the browser: use Export to keep it as a file.',
    engineHung: 'The engine stopped answering and was restarted.',
    engineCrashed: 'The engine crashed and was restarted.',
  },
  {
    trainingStopped: (iteration: string, where: string) =>
      `训练在第 ${iteration} 次迭代停止：${where}。已保留该次迭代之前的模型；请降低学习率或开启梯度裁剪，然后继续。`,
    updateNotFinite: (param: string, value: string) => `${param} 的更新值为 ${value}`,
    notFinite: '出现了非有限值',
    trainingFailed: (why: string) => `训练已停止：${why}`,
    autosaveFailed: '自动保存失败：浏览器拒绝保存状态。',
    autosaveTooLarge: '此模型太大，无法保存在浏览器中：请用“导出”将其保存为文件。',
    engineHung: '计算引擎停止响应，已重新启动。',
    engineCrashed: '计算引擎崩溃，已重新启动。',
  },
);
