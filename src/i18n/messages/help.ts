/** The keyboard help dialog and its keyboard map. */
import { defineMessages } from '../i18n';

export const helpMessages = defineMessages(
  {
    title: 'Keyboard shortcuts',
    close: 'Close',
    space: 'Space',
    stepForward: 'Step forward',
    stepBack: 'Step back',
    playPause: 'Play or pause',
    home: 'Back to the start',
    end: 'Jump to the end of BPTT',
    open: 'Open this help',
    closeHelp: 'Close this help',
  },
  {
    title: '键盘快捷键',
    close: '关闭',
    space: '空格',
    stepForward: '前进一步',
    stepBack: '后退一步',
    playPause: '播放或暂停',
    home: '回到开头',
    end: '跳到 BPTT 的结尾',
    open: '打开本帮助',
    closeHelp: '关闭本帮助',
  },
);
