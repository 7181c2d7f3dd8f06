/**
 * The panels under the graph as tabs (the WAI-ARIA tabs pattern): charts, training, generating
 * from the model, gradient dynamics and explanations, one shown at a time, one click (or arrow key) from the graph.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { useRef } from 'react';
import { appMessages } from '../i18n/messages/app';
import { useMessages } from '../i18n/useMessages';
import { selectStacked, selectTab } from '../store/selectors';
import type { PanelTab } from '../store/slices/view';
import { PANEL_TABS } from '../store/slices/view';
import { appStore, useApp } from '../store/store';
import { Charts, ComparisonPanel, Explanations, JacobianPanel, SamplePanel, StackPanelsNote, TrainingPanel } from './lazy';
import { sampleMessages } from '../i18n/messages/sample';

/** Each tab's content. */
const PANELS: Readonly<Record<PanelTab, () => ReactNode>> = {
  charts: () => <Charts />,
  training: () => <TrainingPanel />,
  sample: () => <SamplePanel />,
  dynamics: () => <><JacobianPanel /><ComparisonPanel /></>,
  explain: () => <Explanations />,
};

/** The panels that cover a deep or bidirectional network too (the others say where their work for one is). */
const STACK_PANELS: readonly PanelTab[] = ['training', 'sample'];

/** The tab strip and the chosen panel. */
export function PanelTabs() {
  const tab = useApp(selectTab);
  const m = useMessages(appMessages);
  const stacked = useApp(selectStacked);
  const sm = useMessages(sampleMessages);
  const tabs = useRef<Partial<Record<PanelTab, HTMLButtonElement | null>>>({});
  const title: Readonly<Record<PanelTab, string>> = { charts: m.charts, training: m.training, sample: sm.tab, dynamics: m.dynamics, explain: m.explanations };
  // Arrow keys, Home and End move between the tabs and show the one reached (automatic activation).
  const onKey = (e: KeyboardEvent) => {
    const i = PANEL_TABS.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: PANEL_TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const to = PANEL_TABS[(next + PANEL_TABS.length) % PANEL_TABS.length]!;
    appStore.getState().setTab(to);
    tabs.current[to]?.focus();
  };
  return (
    <section className="panel tabs" aria-label={m.panels}>
      <div className="tab-strip" role="tablist" aria-label={m.panels} onKeyDown={onKey}>
        {PANEL_TABS.map((t) => (
          <button
            key={t}
            ref={(b) => { tabs.current[t] = b; }}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={t === tab}
            aria-controls={`panel-${t}`}
            tabIndex={t === tab ? 0 : -1}
            onClick={() => appStore.getState().setTab(t)}
          >
            {title[t]}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {stacked && !STACK_PANELS.includes(tab) ? <StackPanelsNote /> : PANELS[tab]()}
      </div>
    </section>
  );
}
