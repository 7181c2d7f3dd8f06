/** Stepping: the buttons, the speed, the position in words and the memory BPTT holds. */
import { defineMessages } from '../i18n';

export const transportMessages = defineMessages(
  {
    stepping: 'Stepping',
    reset: 'Reset',
    stepBack: 'Step back',
    play: 'Play',
    pause: 'Pause',
    stepForward: 'Step forward',
    speed: 'Speed',
    stepsPerSecond: (steps: number) => `${steps} steps/s`,
    forward: (t: number, tau: number) => `Forward t = ${t} / ${tau}`,
    backward: (t: number, tau: number) => `Backward t = ${t} / ${tau}`,
    stackForward: (row: string, t: number, tau: number) => `Forward ${row}: t = ${t} / ${tau}`,
    stackBackward: (row: string, t: number, tau: number) => `Backward ${row}: t = ${t} / ${tau}`,
    memory: (numbers: number, size: string) => `BPTT memory: ${numbers} numbers (${size})`,
    memoryPending: 'BPTT memory: …',
    bytes: (n: number) => `${n} bytes`,
  },
  {
    stepping: '逐步执行',
    reset: '重置',
    stepBack: '后退一步',
    play: '播放',
    pause: '暂停',
    stepForward: '前进一步',
    speed: '速度',
    stepsPerSecond: (steps: number) => `每秒 ${steps} 步`,
    forward: (t: number, tau: number) => `前向传播 t = ${t} / ${tau}`,
    backward: (t: number, tau: number) => `反向传播 t = ${t} / ${tau}`,
    stackForward: (row: string, t: number, tau: number) => `前向传播 ${row}：t = ${t} / ${tau}`,
    stackBackward: (row: string, t: number, tau: number) => `反向传播 ${row}：t = ${t} / ${tau}`,
    memory: (numbers: number, size: string) => `BPTT 占用内存：${numbers} 个数（${size}）`,
    memoryPending: 'BPTT 占用内存：…',
    bytes: (n: number) => `${n} 字节`,
  },
);
