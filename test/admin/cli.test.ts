// `kiosque admin create <name>` as an operator runs it (the real command, a
// child process, the password piped on stdin), on SQLite and PostgreSQL;
// then that operator logs in to a server on the same database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { findOperator, openDatabase, Store } from '../../src/store/index.ts';
import { verifyPassword } from '../../src/web/admin/index.ts';
import { BIN, ROOT } from '../cli/run.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';
import { nameProblem } from '../../src/cli/admin.ts';

function kiosque(
  args: string[],
  env: Record<string, string>,
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('operator names: one word, no control characters, at most 100 characters', () => {
  assert.match(String(nameProblem('')), /which name/);
  assert.match(String(nameProblem('a b')), /spaces or control characters/);
  assert.match(String(nameProblem('a\u0007')), /control characters/);
  assert.match(String(nameProblem('x'.repeat(101))), /100 characters/);
  assert.equal(nameProblem('amina.b'), null);
});

for (const backend of BACKENDS) {
  describe(`kiosque admin on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let db: TestDatabase;
    let env: Record<string, string>;
    before(async () => {
      db = await backend.create();
      env = { DATABASE_URL: db.url };
    });
    after(async () => {
      await db?.drop();
    });

    test('create reads the password from stdin, stores only its scrypt hash, and refuses what is wrong', async () => {
      const ok = await kiosque(['admin', 'create', 'amina'], env, 'une phrase de passe solide\n');
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /operator "amina" created/);

      const store = new Store(await openDatabase(db.url));
      try {
        const op = await findOperator(store, 'amina');
        assert.ok(op);
        assert.match(op.passwordHash, /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
        assert.ok(!op.passwordHash.includes('solide'));
        assert.equal(await verifyPassword('une phrase de passe solide', op.passwordHash), true);
        assert.equal(await verifyPassword('une phrase de passe solidE', op.passwordHash), false);

        const twice = await kiosque(['admin', 'create', 'amina'], env, 'une autre phrase de passe\n');
        assert.equal(twice.code, 2);
        assert.match(twice.stderr, /operator "amina" exists already/);

        const short = await kiosque(['admin', 'create', 'karim'], env, 'court\n');
        assert.equal(short.code, 2);
        assert.match(short.stderr, /at least 12 characters/);
        assert.equal(await findOperator(store, 'karim'), null);

        const none = await kiosque(['admin', 'create', 'karim'], env, '');
        assert.equal(none.code, 2);
        assert.match(none.stderr, /no password on stdin/);

        const onCommandLine = await kiosque(['admin', 'create', 'karim', 'secret-password'], env, '');
        assert.equal(onCommandLine.code, 2);
        assert.match(onCommandLine.stderr, /never given on the command line/);

        const changed = await kiosque(['admin', 'password', 'amina'], env, 'un nouveau mot de passe\n');
        assert.equal(changed.code, 0, changed.stderr);
        const after = await findOperator(store, 'amina');
        assert.equal(await verifyPassword('un nouveau mot de passe', after!.passwordHash), true);
        assert.equal(await verifyPassword('une phrase de passe solide', after!.passwordHash), false);
      } finally {
        await store.close();
      }
    });
  });
}
