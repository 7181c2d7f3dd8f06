/**
 * unitsForward (the pre-activations of a cell's units with their products fused, three or four
 * in one pass over x(t) and over h(t-1)) gives the bits unitForward gives unit by unit, for token
 * and dense inputs, at every step, for the LSTM's four units, the GRU's (three with W, three
 * with U), and sets the fused kernels do not take.
 */
import { describe, expect, it } from 'vitest';
import { cellForwardStep, cellOf, createCellPass } from '../../../src/engine/cells/index';
import type { NodeUnit } from '../../../src/engine/cells/unit';
import { unitForward, unitSet, unitsForward } from '../../../src/engine/cells/unit';
import { randomCellModel } from './cellModels';

const LSTM: readonly NodeUnit[] = [
  { node: 'f', b: 'bf', U: 'Uf', W: 'Wf' }, { node: 'g', b: 'bg', U: 'Ug', W: 'Wg' },
  { node: 'q', b: 'bq', U: 'Uq', W: 'Wq' }, { node: 'z', b: 'b', U: 'U', W: 'W' },
];
const GRU: readonly NodeUnit[] = [
  { node: 'z', b: 'b', U: 'U' }, { node: 'm', b: 'bh', W: 'W' },
  { node: 'u', b: 'bu', U: 'Uu', W: 'Wu' }, { node: 'r', b: 'br', U: 'Ur', W: 'Wr' },
];

const CASES = [
  ['lstm', 'the four units', LSTM], ['lstm', 'two units', LSTM.slice(1, 3)], ['lstm', 'three units', LSTM.slice(0, 3)],
  ['gru', 'the four units', GRU], ['gru', 'one unit', GRU.slice(3)], ['gru', 'z and m (U alone, W alone)', GRU.slice(0, 2)],
] as const;

describe('unitsForward', () => {
  for (const [cellName, label, units] of CASES) {
    for (const dense of [false, true]) {
      it(`${cellName}, ${label}, ${dense ? 'dense' : 'token'} inputs: the bits of unitForward on each unit`, () => {
        const model = randomCellModel(cellOf(cellName)!, 7, { n: 5, H: 9, K: 3, tau: 4, dense, truncation: null, readout: 'every' });
        const pass = createCellPass(model);
        const p = pass.cell;
        const H = model.sizes.hidden;
        for (let t = 1; t <= model.sequence.length; t++) {
          const ro = (t - 1) * H;
          unitsForward(p, unitSet(units), t);
          const fused = units.map((u) => p.nodes[u.node]!.slice(ro, ro + H));
          units.forEach((u, k) => {
            unitForward(p, u, p.nodes[u.node]!, t);
            const alone = p.nodes[u.node]!.slice(ro, ro + H);
            expect(alone.every((x, i) => Object.is(x, fused[k]![i])), `${u.node} at t = ${t}`).toBe(true);
          });
          // Go on with the cell's own step, so that h(t) (what step t+1 reads) is the cell's.
          cellForwardStep(pass, t);
        }
      });
    }
  }
});
