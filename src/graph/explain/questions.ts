/**
 * The margin questions of section 10.2 and the gated cells' (answered on the live model by the
 * Explanations panel, each also in the tour's chapter it belongs to), by id.
 */
export const EXPLANATION_IDS = ['softmax', 'loss', 'bptt', 'turing', 'output-recurrence', 'h0', 'free', 'gated'] as const;
export type ExplanationId = (typeof EXPLANATION_IDS)[number];
