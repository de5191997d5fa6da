/**
 * Calls better-auth's endpoints with plain fetch: the app needs four of them, not its client
 * library. The browser sends the Origin header, which better-auth checks against trustedOrigins.
 */
export async function authRequest(
  path: '/sign-in/email' | '/sign-up/email' | '/sign-out' | '/revoke-sessions',
  body: Record<string, string> = {},
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const response = await fetch(`/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return { ok: false, status: 0, message: 'network error' };
  if (response.ok) return { ok: true };
  const data = (await response.json().catch(() => null)) as { message?: string } | null;
  return { ok: false, status: response.status, message: data?.message ?? response.statusText };
}
