/** The whole app state: one store built from typed slices (DESIGN.md, convention 6). */
import type { AnalysisSlice } from './slices/analysis';
import type { LanguageSlice } from './slices/language';
import type { ModeSlice } from './slices/mode';
import type { ModelSlice } from './slices/model';
import type { PlaybackSlice } from './slices/playback';
import type { SamplingSlice } from './slices/sampling';
import type { SelectionSlice } from './slices/selection';
import type { ThemeSlice } from './slices/theme';
import type { TourSlice } from './slices/tour';
import type { TrainingSlice } from './slices/training';
import type { ViewSlice } from './slices/view';

export type AppState = ModelSlice & PlaybackSlice & SelectionSlice & ViewSlice & TrainingSlice & AnalysisSlice & LanguageSlice & ModeSlice & ThemeSlice & SamplingSlice & TourSlice;
