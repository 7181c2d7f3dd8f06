import { useId } from 'react';
import { SPEEDS } from '../store/slices/playback';
import { selectEnd, selectPlaying, selectPosition, selectPositionText, selectSnapshot, selectSpeed } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { formatBytes } from './format';

const actions = () => appStore.getState();

/** Step back, step forward, play/pause, reset, speed; the position in words; the memory BPTT holds. */
export function Transport() {
  const position = useApp(selectPosition);
  const end = useApp(selectEnd);
  const playing = useApp(selectPlaying);
  const speed = useApp(selectSpeed);
  const text = useApp(selectPositionText);
  const snapshot = useApp(selectSnapshot);
  const speedId = useId();
  const held = snapshot?.position === position ? snapshot.held : null;
  return (
    <div className="transport">
      <div className="buttons" role="group" aria-label="Stepping">
        <button type="button" onClick={() => actions().reset()} disabled={position === 0 && !playing}>Reset</button>
        <button type="button" onClick={() => actions().stepBack()} disabled={position === 0}>Step back</button>
        <button type="button" className="primary" onClick={() => actions().togglePlay()}>{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => actions().stepForward()} disabled={position === end}>Step forward</button>
      </div>
      <div className="field inline">
        <label htmlFor={speedId}>Speed</label>
        <select id={speedId} value={speed} onChange={(e) => actions().setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s} steps/s</option>)}
        </select>
      </div>
      <p className="position" aria-live="polite" data-testid="position">{text}</p>
      <p className="memory" data-testid="memory">
        BPTT memory: {held ? `${held.numbers} numbers (${formatBytes(held.bytes)})` : '…'}
      </p>
    </div>
  );
}
