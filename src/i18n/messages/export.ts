/** The export panel: the graphs as SVG and PNG for slides, the trace as JSON and CSV for analysis. */
import { defineMessages } from '../i18n';

export const exportMessages = defineMessages({
  summary: 'Slides and data',
  group: 'Export the graphs and the trace',
  unfoldedSvg: 'Unfolded graph as SVG',
  unfoldedPng: 'Unfolded graph as PNG',
  foldedSvg: 'Folded graph as SVG',
  foldedPng: 'Folded graph as PNG',
  traceJson: 'Trace as JSON',
  traceCsv: 'Trace as CSV',
  waiting: 'Waiting for the engine\'s pass: the exports are ready when it arrives.',
  foldedHidden: 'The folded graph is shown with "this topology, folded and unfolded".',
  notShown: 'The graph is not on screen.',
  saved: (file: string) => `Saved ${file}.`,
  failed: (file: string, reason: string) => `Could not export ${file}: ${reason}`,
  svgDesc: (position: string) => `Drawn by Unroll at ${position}.`,
}, {
  summary: '幻灯片与数据',
  group: '导出图与计算轨迹',
  unfoldedSvg: '展开图（SVG）',
  unfoldedPng: '展开图（PNG）',
  foldedSvg: '折叠图（SVG）',
  foldedPng: '折叠图（PNG）',
  traceJson: '计算轨迹（JSON）',
  traceCsv: '计算轨迹（CSV）',
  waiting: '正在等待引擎的计算结果，结果到达后即可导出。',
  foldedHidden: '折叠图只在“本拓扑：折叠与展开”视图中显示。',
  notShown: '这张图当前不在屏幕上。',
  saved: (file: string) => `已保存 ${file}。`,
  failed: (file: string, reason: string) => `无法导出 ${file}：${reason}`,
  svgDesc: (position: string) => `由 Unroll 绘制，位置：${position}。`,
});
