/** Chart geometry: the loss and norm charts, their pages of steps, predictions, magnitudes, the decay plot. */
export * from './charts';
export * from './decay';
export * from './magnitudes';
export * from './predictions';
export * from './stepPages';
export * from './stepVectors';
export * from './nodeVectors';
