import { appMessages } from '../i18n/messages/app';
import { useMessages } from '../i18n/useMessages';
import { selectError, selectNotice, selectNoticeAction } from '../store/selectors';
import { appStore, useApp } from '../store/store';

/** The problem to fix (role="alert") and passing notices (role="status"), with the button a notice may offer (Undo). */
export function Alerts() {
  const error = useApp(selectError);
  const notice = useApp(selectNotice);
  const action = useApp(selectNoticeAction);
  const m = useMessages(appMessages);
  return (
    <div className="alerts">
      {error && (
        <div className="alert" role="alert">
          <span>{error}</span>
          <button type="button" onClick={() => appStore.getState().dismissError()} aria-label={m.dismiss}>×</button>
        </div>
      )}
      <div className="notice-row">
        <div className="notice" role="status">{notice}</div>
        {action && <button type="button" className="notice-action" onClick={action.run}>{action.label}</button>}
      </div>
    </div>
  );
}
