import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startSession } from './session/session';
import { App } from './shell/app';
import { listenToConnection } from './socket/connection';
import './styles.css';

listenToConnection();
void startSession();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
