/** The equations as TeX, with the live numbers in their slots. */
export * from './equations';
export * from './paramEquations';
export * from './tex';
export * from './cellEquations';
