import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { boot } from './boot';
import { App } from './components/App';
import { preloadPanels } from './components/lazy';
import { appStore } from './store/store';
import './fonts.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The lazy panels' chunks download while the state is restored and the worker starts.
preloadPanels();
await boot(appStore);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
