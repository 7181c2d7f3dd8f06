/** The page of a chart's table of numbers: the one holding the cursor, held still while playing. */
import { useState } from 'react';
import { pageOf } from '../../graph/charts/index';
import { selectPlaying } from '../../store/selectors';
import { useApp } from '../../store/store';

/**
 * Items [start, end) of the table page of `count` items that holds item `index` (pageOf); while
 * playing, the page the cursor was on when playing began, until it stops. A table turning its
 * page at every few steps helps no reader (a screen reader is reading it, or hears the steps
 * announced) and costs a long layout a page (rows of every chart at once).
 */
export function useTablePage(count: number, index: number | null): readonly [number, number] {
  const playing = useApp(selectPlaying);
  const [held, setHeld] = useState(index);
  // Derived state, kept during render (React's pattern for information from earlier renders).
  if (!playing && held !== index) setHeld(index);
  return pageOf(count, playing ? held : index);
}
