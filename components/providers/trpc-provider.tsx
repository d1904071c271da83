'use client';

import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import type { AppRouter } from '@/server/trpc/root';
import { isTraceId, newTraceId, traceIdOfTrackingCode } from '@/server/trace-id';
import { FAST_PROCEDURES } from '@/server/trpc/unbatched';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const UNBATCHED = new Set(FAST_PROCEDURES);

/**
 * A page reached by a card click (its URL has the deep link's trace_id or tracking code) sends
 * that trace as W3C `traceparent`: the detail view and the order join the buyer's trace.
 */
function traceHeaders(): Record<string, string> {
  if (typeof window === 'undefined') return {};
  const params = new URLSearchParams(window.location.search);
  const given = params.get('trace_id');
  const traceId = isTraceId(given) ? given : traceIdOfTrackingCode(params.get('tracking_code'));
  return traceId ? { traceparent: `00-${traceId}-${newTraceId().slice(0, 16)}-01` } : {};
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not get better by retrying.
        retry: (count, error) => {
          const status = (error as { data?: { httpStatus?: number } }).data?.httpStatus ?? 500;
          return status >= 500 && count < 2;
        },
      },
    },
  });
}

export function QueryProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Placing an order goes alone, unbatched: the server's fast lane takes that form
        // (server/trpc/fast-lane.ts); everything else is batched.
        splitLink({
          condition: (op) => UNBATCHED.has(op.path),
          true: httpLink({ url: '/api/trpc', transformer: superjson, headers: traceHeaders }),
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson, headers: traceHeaders }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
