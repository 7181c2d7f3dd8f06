/** The controls of a comparison that trains in the worker: how many iterations, the button, and what it is doing. */
import { problemMessages } from '../../i18n/messages/problems';
import { messagesNow } from '../../i18n/useMessages';
import { appStore } from '../../store/store';
import { NumberField } from '../NumberField';

/** Most iterations a comparison trains for. */
const MAX_ITERATIONS = 2000;

export interface TrainRunProps {
  readonly iterations: number;
  readonly running: boolean;
  readonly done: boolean;
  /** The field's label, the button's words idle and running, the status while running, and when done. */
  readonly text: { readonly iterations: string; readonly run: string; readonly running: string; readonly status: string; readonly done: string };
  readonly setIterations: (iterations: number) => void;
  readonly run: () => void;
  readonly statusTestId: string;
}

export function TrainRun({ iterations, running, done, text, setIterations, run, statusTestId }: TrainRunProps) {
  return (
    <>
      <div className="row">
        <NumberField
          label={text.iterations}
          value={iterations}
          min={1}
          max={MAX_ITERATIONS}
          onCommit={(v) => {
            if (v === null || !Number.isInteger(v) || v < 1 || v > MAX_ITERATIONS) {
              appStore.getState().showError(`iterations: ${messagesNow(problemMessages).integerRange(1, MAX_ITERATIONS, String(v))}`);
              return false;
            }
            setIterations(v);
            return true;
          }}
        />
        <div className="field">
          <span className="label" aria-hidden="true">&nbsp;</span>
          <button type="button" className="primary" disabled={running} onClick={run}>{running ? text.running : text.run}</button>
        </div>
      </div>
      <p className="hint" aria-live="polite" data-testid={statusTestId}>{running ? text.status : done ? text.done : ''}</p>
    </>
  );
}
