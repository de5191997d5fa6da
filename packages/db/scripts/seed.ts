// `npm run db:seed`: a demo team and user in the embedded database, for trying the app locally.
import path from 'node:path';
import { dataDirOf } from '../src/adapters.ts';
import { createDb } from '../src/client.ts';
import { DEMO_USER, seedDemo } from '../src/seed.ts';

if (process.env.DATABASE_URL) {
  console.error('db:seed only seeds the embedded database; unset DATABASE_URL (demo users never go to a server)');
  process.exit(1);
}
const db = await createDb({ dataDir: path.resolve(process.env.INIT_CWD ?? process.cwd(), dataDirOf({})) });
try {
  const { teamId } = await seedDemo(db);
  console.log(`Demo user ${DEMO_USER.email} (id ${DEMO_USER.id}) owns team "demo" (${teamId})`);
} finally {
  await db.close();
}
