/** What the screen-reader announcer says as the cursor moves (components/Announcer.tsx, graph/announce.ts). */
import { defineMessages } from '../i18n';

export const announceMessages = defineMessages(
  {
    start: 'Start: t = 0, nothing computed yet.',
    forward: (t: number, list: string) => `t = ${t}: ${list} computed`,
    backward: (t: number, list: string) => `t = ${t}: ${list} computed (BPTT)`,
    list: (items: readonly string[]) => items.join(', '),
    forwardDone: 'Forward pass complete; BPTT comes next.',
    end: 'End of BPTT: every gradient computed.',
    then: (statement: string, milestone: string) => `${statement}. ${milestone}`,
  },
  {
    start: '开始：t = 0，尚未计算任何量。',
    forward: (t: number, list: string) => `t = ${t}：已计算 ${list}`,
    backward: (t: number, list: string) => `t = ${t}：已计算 ${list}（BPTT）`,
    list: (items: readonly string[]) => items.join('、'),
    forwardDone: '前向传播完成，接下来是 BPTT。',
    end: 'BPTT 结束：所有梯度均已计算。',
    then: (statement: string, milestone: string) => `${statement}。${milestone}`,
  },
);
