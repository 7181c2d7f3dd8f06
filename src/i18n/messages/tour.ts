/** The guided tour's panel: its buttons and headings (the chapters' own text is in store/tour.ts). */
import { defineMessages } from '../i18n';

export const tourMessages = defineMessages(
  {
    tour: 'Tour',
    tourTitle: 'A guided tour of chapter 10, chapter by chapter',
    chapterOf: (n: number, total: number) => `Chapter ${n} of ${total}`,
    previous: 'Previous chapter',
    next: 'Next chapter',
    again: 'Restore the scene',
    leave: 'Leave the tour',
    chapters: 'Chapters',
    visited: 'opened before',
    look: 'Look:',
    unknownChapter: (id: string) => `The link names no chapter of the tour ("${id}"): the scene is kept.`,
  },
  {
    tour: '导览',
    tourTitle: '第 10 章导览，一节一节地看',
    chapterOf: (n: number, total: number) => `第 ${n} 节，共 ${total} 节`,
    previous: '上一节',
    next: '下一节',
    again: '恢复本节场景',
    leave: '退出导览',
    chapters: '各节',
    visited: '已看过',
    look: '请看：',
    unknownChapter: (id: string) => `链接中的导览章节不存在（"${id}"）：场景保持不变。`,
  },
);
