/** The graphs as data: node and edge ids, the unfolded and folded layouts, labels, strips, boxes, animation state, colours. */
export * from './animation';
export * from './boxes';
export * from './collisions';
export * from './colors';
export * from './folded';
export * from './ids';
export * from './labels';
export * from './layout';
export * from './strips';
export * from './schedule';
export * from './stackSchedule';
