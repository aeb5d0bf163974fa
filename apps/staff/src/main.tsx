import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function ComingSoon() {
  return (
    <main>
      <h1>Staff app — coming</h1>
      <p>The counter, the back office and the owner dashboard are on their way.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ComingSoon />
  </StrictMode>,
);
