// A throwaway PostgreSQL server for the tests: its own cluster in a temp folder, on a free loopback port,
// stopped and deleted afterwards whatever the tests did.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PG_BIN = process.env.MEDSETS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** Connection string to the server's maintenance database ("postgres"). */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export function postgresInstalled(): boolean {
  return existsSync(path.join(PG_BIN, 'initdb')) && existsSync(path.join(PG_BIN, 'pg_ctl'));
}

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres user. */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const user = asServerUser();
  const root = mkdtempSync(path.join(os.tmpdir(), 'medsets-pg-'));
  if (user.uid !== undefined) chownSync(root, user.uid, user.gid!);
  const data = path.join(root, 'data');
  const exec = (bin: string, args: string[]) => {
    const [cmd, ...rest] = [...user.prefix, path.join(PG_BIN, bin), ...args];
    return run(cmd!, rest, { cwd: root });
  };
  let started = false;
  const stop = async () => {
    if (started) await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    started = false;
    rmSync(root, { recursive: true, force: true });
  };
  // If the runner dies before teardown, the server must not outlive it.
  const [stopCmd, ...stopArgs] = [...user.prefix, path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
  const onExit = () => {
    if (started) {
      try {
        execFileSync(stopCmd!, stopArgs, { stdio: 'ignore' });
      } catch {}
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // The port can be taken between probing and binding; a few tries make that race harmless.
    for (let attempt = 0; ; attempt++) {
      const port = await freeLoopbackPort();
      // Durability is pointless for a throwaway cluster; skipping fsync keeps the suite fast.
      const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      try {
        await exec('pg_ctl', [
          '-D',
          data,
          '-o',
          options,
          '-l',
          path.join(root, 'server.log'),
          '-w',
          '-t',
          '60',
          'start',
        ]);
        started = true;
        const urlFor = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
        return {
          adminUrl: urlFor('postgres'),
          urlFor,
          stop: async () => {
            process.off('exit', onExit);
            await stop();
          },
        };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    process.off('exit', onExit);
    await stop();
    throw error;
  }
}
