/** Chart geometry: the loss and norm charts, their pages of steps, predictions, magnitudes, the decay plot, a training run's series and its curve (a stack's numbers: ./stackNumbers, imported where drawn, so that only its chunk carries them). */
export * from './charts';
export * from './decay';
export * from './magnitudes';
export * from './predictions';
export * from './stepPages';
export * from './stepVectors';
export * from './runCurve';
export * from './runSeries';
export * from './nodeVectors';

