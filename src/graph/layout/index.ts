/** The graphs as data: node and edge ids, the unfolded and folded layouts, labels, animation state, colours. */
export * from './animation';
export * from './colors';
export * from './folded';
export * from './ids';
export * from './labels';
export * from './layout';
