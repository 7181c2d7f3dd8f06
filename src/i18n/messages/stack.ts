/** A deep or bidirectional network's graph: how to read it, its name, and where the one-cell panels' work is (only the stack's chunk loads these). */
import { defineMessages } from '../i18n';

/** "2-layer bidirectional", "3-layer", "bidirectional". */
const networkName = (layers: number, bidirectional: boolean): string =>
  [layers > 1 ? `${layers}-layer` : '', bidirectional ? 'bidirectional' : ''].filter((w) => w !== '').join(' ');
/** "2 层双向", "3 层", "双向". */
const networkNameZh = (layers: number, bidirectional: boolean): string => `${layers > 1 ? `${layers} 层` : ''}${bidirectional ? '双向' : ''}`;

export const stackMessages = defineMessages(
  {
    stackNoteShort: 'How to read it: layers are rows, bottom up; the rows marked ← run backward in time.',
    stackNote: 'Layers are rows, bottom up: each layer reads the h of the layer under it (both directions of it). The rows marked ← run backward in time, from t = τ down to 1, each from its own initial state on the right; o(t) reads the top layer of every direction. The cursor computes one layer and direction at a time, then BPTT runs them in the opposite order.',
    stackUnfolded: (layers: number, bidirectional: boolean, tau: number) => `Unfolded graph of a ${networkName(layers, bidirectional)} network over ${tau} steps`,
    stackFolded: (layers: number, bidirectional: boolean) => `Folded graph of a ${networkName(layers, bidirectional)} network: each layer's cell above the one it reads${bidirectional ? ', the forward direction on the left, the reverse (←) on the right' : ''}`,
    stackFoldedCaption: (layers: number, bidirectional: boolean) => `${layers} layer${layers === 1 ? '' : 's'}${bidirectional ? ', both directions' : ''}`,
    delayAhead: 'one-step delay, backward in time: the value of the next time step (t + 1)',
    stackPanels: 'This panel covers one layer in one direction for now (training and generating cover every network). For a deep or bidirectional network, the command line computes the rest: unroll grad FILE (every gradient; --names torch for PyTorch\'s names), unroll forward FILE (every node); Export saves its model file or a PyTorch state dict.',
  },
  {
    stackNoteShort: '读图方法：各层自下而上排列；标有 ← 的行沿时间反向运行。',
    stackNote: '各层自下而上排列：每一层读取下一层的 h（两个方向都读）。标有 ← 的行沿时间反向运行，从 t = τ 到 1，各自从右侧的初始状态开始；o(t) 读取每个方向的最上层。光标每次计算一层一个方向，随后 BPTT 以相反的顺序逐一运行。',
    stackUnfolded: (layers: number, bidirectional: boolean, tau: number) => `${networkNameZh(layers, bidirectional)}网络展开 ${tau} 个时间步的展开图`,
    stackFolded: (layers: number, bidirectional: boolean) => `${networkNameZh(layers, bidirectional)}网络的折叠图：每层的单元位于其读取的那一层之上${bidirectional ? '，左为正向，右为反向（←）' : ''}`,
    stackFoldedCaption: (layers: number, bidirectional: boolean) => `${layers} 层${bidirectional ? '，双向' : ''}`,
    delayAhead: '单步延迟（沿时间反向）：下一个时间步（t + 1）的值',
    stackPanels: '此面板目前只涵盖单层单向的网络（训练与生成涵盖所有网络）。深层或双向网络的其余部分请用命令行计算：unroll grad FILE（每个梯度；加 --names torch 使用 PyTorch 的名称）、unroll forward FILE（每个节点）；“导出”可保存其模型文件或 PyTorch 状态字典。',
  },
);
