import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { MAX_BATCH_SIZE } from '../server/client.ts';
import type { AppRouter } from '../server/router.ts';
import { session } from './session.ts';

/**
 * The console talks to the same typed API as every internal tool: the router's type, superjson,
 * and batches no bigger than the server takes. Same origin, so the path is enough.
 */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      transformer: superjson,
      maxItems: MAX_BATCH_SIZE,
      headers: (): Record<string, string> => {
        const token = session.token();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
    }),
  ],
});

export type ApiError = TRPCClientError<AppRouter>;

/**
 * A refusal of the token itself (expired, revoked, account deactivated): the API answers
 * UNAUTHORIZED without a domain error. A wrong password at sign-in is a domain error and is not one.
 */
export function endsSession(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED' && !error.data?.domain;
}

const onError = (error: unknown) => {
  if (endsSession(error)) session.end('expired');
};

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal will not change by asking again; a dropped connection may.
      retry: (count, error) => count < 2 && error instanceof TRPCClientError && error.data === undefined,
    },
  },
});

// Nothing one staff member saw stays in memory for the next one at the same computer.
session.subscribe(() => {
  if (!session.get()) queryClient.clear();
});
