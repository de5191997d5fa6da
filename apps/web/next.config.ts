import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspaces ship TypeScript source (`exports: ./src/index.ts`), so Next compiles the catalog with the app.
  transpilePackages: ['@medsets/catalog'],
  // @medsets/db is imported at run time by Node, not bundled (see src/server/db.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/client', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Type errors and lint are checked by `npm test` (tsc, Biome), not a second time in the build.
  typescript: { ignoreBuildErrors: true },
  // The Content-Security-Policy is set per request with a nonce in src/proxy.ts; these hold for every response.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          // Browsers honour HSTS only over HTTPS, so it is harmless on http://localhost; two years, as usual.
          { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
        ],
      },
    ];
  },
};

export default config;
