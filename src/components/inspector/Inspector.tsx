/**
 * The inspector panel's content: the parameter list, and for the selected node or parameter its
 * numbers, its equations with live numbers (KaTeX) and the finite-difference Check.
 */
import './inspector.css';
import { useMemo } from 'react';
import { graphShapeOf, parseSelection } from '../../graph/layout/index';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { selectModel, selectPosition } from '../../store/selectors';
import { selectDrawnTheme } from '../../store/slices/theme';
import { useApp } from '../../store/store';
import { NodeView } from './NodeView';
import { StackInspector } from './StackInspector';
import { ParamList } from './ParamList';
import { ParamView } from './ParamView';
import { selectCurrentTrace as selectTrace, selectSelected, selectStacked } from '../../store/selectors';

/** The id of the inspector's heading, for the section that holds it (`aria-labelledby`). */
export const INSPECTOR_HEADING_ID = 'inspector-title';

/** The inspector: a heading, the parameters, and the selected node or parameter. */
export function Inspector() {
  const model = useApp(selectModel);
  const position = useApp(selectPosition);
  const selected = useApp(selectSelected);
  const trace = useApp(selectTrace);
  const theme = useApp(selectDrawnTheme);
  const m = useMessages(inspectorMessages);
  const stacked = useApp(selectStacked);
  const selection = useMemo(
    () => (selected === null || stacked ? null : parseSelection(selected, graphShapeOf(model))),
    [selected, stacked, model],
  );
  if (stacked) {
    return (
      <div className="inspector">
        <h2 id={INSPECTOR_HEADING_ID}>{m.title}</h2>
        <StackInspector />
      </div>
    );
  }
  return (
    <div className="inspector">
      <h2 id={INSPECTOR_HEADING_ID}>{m.title}</h2>
      <ParamList variant={model.variant} selected={selected} />
      {selection === null && <p className="hint">{m.choose}</p>}
      {selection !== null && <p className="hint">{m.colours(theme === 'dark')}</p>}
      {typeof selection === 'string' && <p className="hint">{m.nothing(selection)}</p>}
      {model.truncation !== null && selection !== null && typeof selection !== 'string' && (
        <p className="hint">{m.truncated(model.truncation)}</p>
      )}
      {selection !== null && typeof selection !== 'string' && (selection.type === 'node'
        ? <NodeView key={selected} model={model} trace={trace} position={position} selection={selection} />
        : <ParamView key={selected} model={model} trace={trace} position={position} name={selection.name} />)}
    </div>
  );
}
