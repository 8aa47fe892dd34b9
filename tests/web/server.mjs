// server.mjs - a real tandem for the browser tests: a fresh demo database,
// `tandem serve` on a free loopback port, stopped by the test.
//
// The database is a SQLite file in a temporary directory, or, when
// TANDEM_TEST_PG holds the key=value conninfo of a test PostgreSQL server's
// maintenance database, a fresh database of its own on that server, dropped
// by stop(). srv.kind says which ('sqlite' or 'pg'); srv.sql(q) runs one
// statement through the store's own CLI and returns its output trimmed, one
// row a line, so the tests' SQL must read the same on both.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const pg = process.env.TANDEM_TEST_PG || '';
let made = 0;

const psql = (conninfo, q, opts = []) =>
  execFileSync('psql', ['-X', ...opts, '-q', '-v', 'ON_ERROR_STOP=1', conninfo, '-c', q], { encoding: 'utf8' });

// A fresh database: { db, sql, drop }.
function makeDatabase() {
  if (pg) {
    const name = `w${process.pid}_${++made}`;
    psql(pg, `CREATE DATABASE ${name}`);
    // in a key=value conninfo the last dbname wins
    const db = `${pg} dbname=${name}`;
    return {
      kind: 'pg', db,
      sql: (q) => psql(db, q, ['-A', '-t']).trim(),
      drop: () => psql(pg, `DROP DATABASE ${name} WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-web-'));
  const db = join(dir, 'web.db');
  return {
    kind: 'sqlite', db,
    sql: (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim(),
    drop: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startServer() {
  const bin = process.env.TANDEM_BIN || join(root, 'build/tandem');
  const { kind, db, sql, drop } = makeDatabase();
  let proc;
  try {
    execFileSync(bin, ['init', '--db', db]);
    execFileSync(bin, ['seed', '--demo', '--db', db]);
    proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4', '--access-log', 'off',
      '--web', join(root, 'web')], { stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    drop();
    throw e;
  }
  let exited = false;
  proc.once('exit', () => { exited = true; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`tandem serve exited with ${code}`)));
  }).catch((e) => { drop(); throw e; });
  return {
    url, db, bin, kind, sql,
    tandem: (...args) => execFileSync(bin, args, { encoding: 'utf8' }),
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      drop();
    },
  };
}
