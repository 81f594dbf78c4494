import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App apiBaseUrl={import.meta.env.VITE_API_BASE_URL ?? ''} />
  </StrictMode>,
);
