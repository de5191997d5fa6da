/**
 * Cross-site request forgery guard for tRPC: a state-changing request (POST) must be JSON and, when
 * the browser names its origin, come from this site. Session cookies are SameSite=Lax as a second
 * layer; better-auth applies its own origin check to /api/auth.
 */
export function isCrossSiteWrite(method: string | undefined, headers: Pick<Headers, 'get'>): boolean {
  if (method !== 'POST') return false;
  const type = headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) return true;
  const origin = headers.get('origin');
  if (!origin) return false;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
