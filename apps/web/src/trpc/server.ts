import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createTRPCContext } from '~/server/context';
import { createCaller } from '~/server/root';

/** The tRPC caller for server components: same procedures, same authorization, no HTTP hop. */
export const api = cache(async () => createCaller(await createTRPCContext({ headers: await headers() })));
