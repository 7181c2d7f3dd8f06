/** What the export menu writes from a trace (JSON, CSV). */
export * from './exportTrace';
