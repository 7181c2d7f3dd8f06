/**
 * What a stacked model's graph and inspector read: its layout and the schedule of its sweeps,
 * built again only when its shape changes (a trained version, other parameters on the same shape,
 * keeps them, so the canvas does not rebuild its elements with every batch), and the engine's
 * stack model, which holds the parameters.
 */
import { useMemo } from 'react';
import type { Model } from '../../engine/index';
import { readoutOf, stackModelOf, stackShapeOf } from '../../engine/index';
import type { SampledSteps } from '../../graph/layout/index';
import { stackDrawing } from '../../graph/layout/stackStates';

export function useStackView(model: Model, opened: boolean, sampled: SampledSteps | null = null) {
  const { variant, readout, truncation } = model;
  const tau = model.sequence.length;
  const { hidden, output } = model.sizes;
  const { layers, bidirectional } = stackShapeOf(model);
  const drawing = useMemo(
    () => stackDrawing({ ...readoutOf({ variant, readout }), feedback: null, tau, truncation, opened, sizes: { hidden, output }, stack: { layers, bidirectional }, sampled }),
    [variant, readout, tau, truncation, opened, hidden, output, layers, bidirectional, sampled],
  );
  const stack = useMemo(() => stackModelOf(model), [model]);
  return { ...drawing, stack };
}
