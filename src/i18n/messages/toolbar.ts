/** The toolbar: import, export, share, help, the language switch, and the notices of files and links. */
import { defineMessages } from '../i18n';

export const toolbarMessages = defineMessages(
  {
    import: 'Import',
    export: 'Export',
    share: 'Share',
    help: 'Help',
    language: 'Language / 语言',
    fileInput: 'Model file to import',
    shareLink: 'Share link',
    linkCopied: 'Link copied to the clipboard.',
    linkReady: 'Link ready: copy it from the field.',
    imported: (name: string) => `Imported ${name}.`,
    tooLarge: (characters: number, atLeast: boolean) => `This state is too large for a link (${atLeast ? 'more than ' : ''}${characters} characters): use Export to share it as a file instead.`,
  },
  {
    import: '导入',
    export: '导出',
    share: '分享',
    help: '帮助',
    language: '语言 / Language',
    fileInput: '要导入的模型文件',
    shareLink: '分享链接',
    linkCopied: '链接已复制到剪贴板。',
    linkReady: '链接已生成：请从输入框中复制。',
    imported: (name: string) => `已导入 ${name}。`,
    tooLarge: (characters: number, atLeast: boolean) => `当前状态太大，无法放入链接（${atLeast ? '超过 ' : ''}${characters} 个字符）：请改用“导出”，以文件形式分享。`,
  },
);
