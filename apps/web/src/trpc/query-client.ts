import { QueryClient } from '@tanstack/react-query';

/**
 * Server-rendered pages hand their first data to client components as `initialData`, so no
 * dehydration/hydration step (and none of its code in the browser bundle) is needed.
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Server-rendered data is fresh for a while, so the client does not refetch it on mount.
      queries: { staleTime: 30_000, retry: 1 },
    },
  });
}
