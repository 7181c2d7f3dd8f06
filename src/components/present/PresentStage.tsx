import { presentMessages } from '../../i18n/messages/present';
import { useMessages } from '../../i18n/useMessages';
import { selectPresenting } from '../../store/slices/mode';
import { useApp } from '../../store/store';
import { Alerts } from '../Alerts';
import { Announcer } from '../Announcer';
import { HelpDialog } from '../HelpDialog';
import { NonFiniteWarning } from '../StepTable';
import { Transport } from '../Transport';
import { UnfoldedGraph } from '../graph/UnfoldedGraph';
import { StackGraph } from '../lazy';
import { selectStacked } from '../../store/selectors';
import './present.css';

/**
 * The page when presenting or embedded: the transport (with its position) and the unfolded graph,
 * nothing else, the graph fitted to what is left. Presenting, they fill the window (or the screen)
 * in large type; embedded, they fill the frame at the app's size.
 */
export function PresentStage() {
  const presenting = useApp(selectPresenting);
  const m = useMessages(presentMessages);
  const stacked = useApp(selectStacked);
  return (
    <main className={presenting ? 'present-stage presenting' : 'present-stage embedded'} aria-label={presenting ? m.presentation : m.embedded}>
      <Transport />
      {presenting && <p className="present-keys">{m.keys}</p>}
      <Alerts />
      <Announcer />
      <NonFiniteWarning />
      {/* Keyed by the mode: the graph opens anew, fitted to the stage it is in. */}
      {stacked ? <StackGraph key={presenting ? 'presenting' : 'embedded'} toolsIn={null} fitted /> : <UnfoldedGraph key={presenting ? 'presenting' : 'embedded'} fitted />}
      <HelpDialog />
    </main>
  );
}
