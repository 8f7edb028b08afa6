import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';
import { initI18n } from './i18n';
import './styles.css';

// zod compiles validators with `new Function` when it may; the CSP forbids eval, so say so up front.
z.config({ jitless: true });
initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
