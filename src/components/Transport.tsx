import { useId } from 'react';
import { isStacked } from '../engine/index';
import { transportMessages } from '../i18n/messages/transport';
import { useMessages } from '../i18n/useMessages';
import { SPEEDS } from '../store/slices/playback';
import { selectEnd, selectModel, selectPlaying, selectPosition, selectSnapshot, selectSpeed } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { formatBytes } from './format';
import { PresentButton } from './present/PresentButton';
import { positionWords } from './positionWords';

const actions = () => appStore.getState();


/** Step back, step forward, play/pause, reset, speed; the position in words; the memory BPTT holds. */
export function Transport() {
  const position = useApp(selectPosition);
  const model = useApp(selectModel);
  const end = useApp(selectEnd);
  const playing = useApp(selectPlaying);
  const speed = useApp(selectSpeed);
  const snapshot = useApp(selectSnapshot);
  const m = useMessages(transportMessages);
  const speedId = useId();
  const held = snapshot?.held ?? null;
  return (
    <div className="transport">
      <div className="buttons" role="group" aria-label={m.stepping}>
        <button type="button" onClick={() => actions().reset()} disabled={position === 0 && !playing}>{m.reset}</button>
        <button type="button" onClick={() => actions().stepBack()} disabled={position === 0}>{m.stepBack}</button>
        <button type="button" className="primary" onClick={() => actions().togglePlay()}>{playing ? m.pause : m.play}</button>
        <button type="button" onClick={() => actions().stepForward()} disabled={position === end}>{m.stepForward}</button>
      </div>
      <div className="field inline">
        <label htmlFor={speedId}>{m.speed}</label>
        <select id={speedId} value={speed} onChange={(e) => actions().setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{m.stepsPerSecond(s)}</option>)}
        </select>
      </div>
      <p className="position" data-testid="position">
        {positionWords(m, model, position)}
      </p>
      {/* What BPTT holds is counted for one layer in one direction (the snapshot of its pass). */}
      {!isStacked(model) && (
        <p className="memory" data-testid="memory">
          {held ? m.memory(held.numbers, formatBytes(held.bytes, m.bytes)) : m.memoryPending}
        </p>
      )}
      <PresentButton />
    </div>
  );
}
