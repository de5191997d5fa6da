/**
 * Cross-site request forgery guard for tRPC: a state-changing request (POST) must be JSON and, when
 * the browser names its origin, come from this site. Session cookies are SameSite=Lax as a second
 * layer; better-auth applies its own origin check to /api/auth.
 */
export function isCrossSiteWrite(req: Request): boolean {
  if (req.method !== 'POST') return false;
  const type = req.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) return true;
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
