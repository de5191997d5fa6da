/**
 * The Content-Security-Policy of every page: a fresh nonce per response, which Next adds to its own
 * inline scripts, so script-src needs neither 'unsafe-inline' nor any remote origin. Styles allow
 * inline attributes because the chart library positions elements with them. Set by the proxy under
 * `next dev` and plain `next start`, and by the production server itself (src/server/http-server.ts).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function newNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString('base64');
}

// The proxy's matcher (src/proxy.ts) in code: pages, not API responses (JSON) or static assets (no scripts).
const NOT_A_PAGE = /^\/(?:api\/|_next\/static|_next\/image|favicon\.ico)/;

/** Whether a request gets a policy: the requests the proxy's matcher selects. */
export function needsPolicy(pathname: string, prefetch: boolean): boolean {
  return !prefetch && !NOT_A_PAGE.test(pathname);
}
