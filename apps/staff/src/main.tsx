import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from '../../shared/problems.js';
import { router } from './router.js';
import '../../shared/styles.css';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A problem answer will not change on a retry; a dropped connection might. Writes are never retried behind the cashier's back.
    queries: { retry: (failures, error) => failures < 2 && error instanceof ApiError && error.code === 'NETWORK', staleTime: 10_000 },
    // 'always': TanStack Query would otherwise pause a write while the browser is offline and send it later, a queue the cashier never sees.
    mutations: { retry: false, networkMode: 'always' },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
