import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { ApiError } from './lib/api';
import './styles/base.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/onboarding.css';
import './styles/stream.css';
import './styles/event.css';
import './styles/event-sections.css';
import './styles/event-context.css';
import './styles/performance.css';
import './styles/web-vitals.css';
import './styles/transaction.css';
import './styles/waterfall.css';
import './styles/replay.css';

/** A 401 anywhere means the session ended (expired or signed out elsewhere): ask `users/me` again. */
const onError = (err: unknown) => {
  if (err instanceof ApiError && err.status === 401) void client.invalidateQueries({ queryKey: ['me'] });
};

const client: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again; network blips and 5xx might.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
