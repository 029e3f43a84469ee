// A port already taken (issue 17, point 3): one sentence that says which and
// what to do, exit 2, no stack trace, and the command ends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runKiosque } from './run.ts';

test('kiosque web on a port in use says so in one sentence and exits 2', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-port-'));
  try {
    const run = await runKiosque(['web'], {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'k.db')}`,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.stderr.trim(),
      `kiosque: port ${port} on 127.0.0.1 is already in use (another Kiosque, or another program): stop it, or set PORT to a free port`,
    );
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
