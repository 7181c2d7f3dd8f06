/** The explanations' readings of a pass, and what the screen reader is told. */
export * from './announce';
export * from './explain';
export * from './questions';
