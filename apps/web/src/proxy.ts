import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, newNonce } from './csp';

/**
 * The per-response CSP (./csp.ts) under `next dev` and plain `next start`. Next reads the nonce for its
 * inline scripts from the request's content-security-policy header, so the policy goes on both.
 */
export function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Pages only: API responses are JSON and static assets carry no scripts. A request that already
  // carries a policy was given one by the production server (src/server/http-server.ts), which sets it
  // itself because running the proxy costs about a tenth of a page render there.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'content-security-policy' },
      ],
    },
  ],
};
