/** Presentation mode and the embed page: the button that enters and leaves, and the keys in words. */
import { defineMessages } from '../i18n';

export const presentMessages = defineMessages(
  {
    present: 'Present',
    presentTitle: 'The graph full screen in large type, for a projector: arrow keys or a clicker step, Esc leaves',
    leave: 'Leave the presentation',
    keys: '← → or PageUp / PageDown step · Space plays · Esc leaves',
    presentation: 'Presentation',
    embedded: 'Unroll, embedded',
  },
  {
    present: '演示',
    presentTitle: '全屏大字显示计算图，适合投影：方向键或翻页笔逐步执行，Esc 退出',
    leave: '退出演示',
    keys: '← → 或 PageUp / PageDown 逐步执行 · 空格键播放 · Esc 退出',
    presentation: '演示模式',
    embedded: '嵌入的 Unroll',
  },
);
