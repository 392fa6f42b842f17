// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp folder, pg_ctl start on a
// free port (Unix socket in the same folder, trust auth on 127.0.0.1), pg_ctl stop and remove after.
// As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's postgresql package (scripts/setup-test.sh installs it). */
export const PG_BIN = process.env.FLAKESCOPE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why no server can be started here, or null. */
export function missingPostgres() {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) return `PostgreSQL server binaries not found in ${PG_BIN} (run \`npm run setup:test\`)`;
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) return 'running as root but there is no postgres user to run the server as (run `npm run setup:test`)';
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function asServerUser(argv) {
  const root = process.getuid?.() === 0;
  const r = spawnSync(root ? 'runuser' : argv[0], root ? ['-u', 'postgres', '--', ...argv] : argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.slice(0, 2).join(' ')} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`);
}

/** Starts a server; returns its URL and a stop() that removes everything. */
export async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    asServerUser([join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    // fsync off: a test server's data need not survive a crash, and every commit would wait for the disk.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    asServerUser([join(PG_BIN, 'pg_ctl'), '-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asServerUser([join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
