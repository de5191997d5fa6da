// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database when it is unset.
import path from 'node:path';
import { dataDirOf } from '../src/adapters.ts';
import { migrateDeploy } from '../src/migrate.ts';

const url = process.env.DATABASE_URL;
// npm runs workspace scripts in the package folder; a relative MEDSETS_DATA means the folder the user typed it in.
const dataDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), dataDirOf({}));
console.log(url ? 'Migrating the PostgreSQL server in DATABASE_URL' : `Migrating the embedded database in ${dataDir}`);
process.stdout.write(await migrateDeploy(url ? { url } : { dataDir }));
