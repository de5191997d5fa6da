import path from 'node:path';
import { createDb, MigrationError, migrateDeploy } from '@medsets/db';
import { WEB_DIR } from './build-state.ts';

/**
 * Brings the database up to the code's schema before the server starts, so the first request never
 * waits for a migration. The embedded database migrates itself when opened; a PostgreSQL server is
 * refused by createDb while behind, so it is migrated here and opened again.
 */
export async function prepareDatabase(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    // Where `next start` (run in the web app's folder) will open it.
    process.env.MEDSETS_DATA = path.resolve(WEB_DIR, process.env.MEDSETS_DATA ?? path.join('.data', 'pg'));
    console.log(`Embedded database: ${process.env.MEDSETS_DATA}`);
  }
  const db = await createDb().catch(async (error: unknown) => {
    if (!(url && error instanceof MigrationError)) throw error;
    console.log('Applying pending migrations to the PostgreSQL server in DATABASE_URL…');
    await migrateDeploy({ url });
    return createDb();
  });
  await db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await prepareDatabase();
