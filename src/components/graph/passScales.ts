/** The scales of the unfolded graph that depend on the whole pass, worked out once per trace. */
import type { NodeNumbers } from '../../graph/charts/index';

/** The largest loss (L(t) fills are drawn against it), and the range of gradient sizes drawn as ring and edge widths (log scale). */
export interface PassScales {
  readonly lossScale: number;
  readonly gradFloor: number;
  readonly gradCeiling: number;
}

/** The scales of a pass's numbers: L(t) against the largest L (at least 1), gradient sizes from a millionth of the largest. */
export function passScales(numbers: { readonly nodes: ReadonlyMap<string, NodeNumbers>; readonly edges: ReadonlyMap<string, number> } | null): PassScales {
  let lossScale = 1;
  let gradCeiling = 1e-12;
  if (numbers) {
    for (const [id, n] of numbers.nodes) if (id.startsWith('L@') && Number.isFinite(n.value)) lossScale = Math.max(lossScale, n.value);
    for (const m of numbers.edges.values()) if (Number.isFinite(m)) gradCeiling = Math.max(gradCeiling, m);
  }
  return { lossScale, gradCeiling, gradFloor: gradCeiling * 1e-6 };
}
