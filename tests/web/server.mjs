// server.mjs - a real tandem for the browser tests: a fresh demo database in
// a temporary directory, `tandem serve` on a free loopback port, stopped by
// the test.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

export async function startServer() {
  const bin = process.env.TANDEM_BIN || join(root, 'build/tandem');
  const dir = mkdtempSync(join(tmpdir(), 'tandem-web-'));
  const db = join(dir, 'web.db');
  execFileSync(bin, ['init', '--db', db]);
  execFileSync(bin, ['seed', '--demo', '--db', db]);
  const proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4', '--access-log', 'off',
    '--web', join(root, 'web')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`tandem serve exited with ${code}`)));
  });
  return {
    url, db, bin,
    sql: (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim(),
    tandem: (...args) => execFileSync(bin, args, { encoding: 'utf8' }),
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
