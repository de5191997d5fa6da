import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { migrationAdapter } from './src/adapters.ts';

// engine "js" runs Prisma's wasm schema engine over a driver adapter: no native engine is downloaded,
// and the same migrations reach PGlite (MEDSETS_DATA, default ./.data/pg) or a server (DATABASE_URL).
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => migrationAdapter({ url: process.env.DATABASE_URL }),
});
