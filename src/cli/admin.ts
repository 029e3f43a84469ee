// `kiosque admin create <name>` and `kiosque admin password <name>`: the
// console's operators. The password is asked on the terminal (twice, not
// echoed) or, when stdin is not a terminal, read from its first line — never
// from the command line, where `ps` and shell histories would keep it.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../config/index.ts';
import { findOperator, openDatabase, Store, saveOperator } from '../store/index.ts';
import { KiosqueError } from '../util/errors.ts';
import { hashPassword, passwordProblem } from '../web/admin/passwords.ts';
import { asksForHelp, HelpRequested, parseFlags } from './args.ts';

const USAGE =
  'kiosque admin create <name> | kiosque admin password <name>   (the password is read from the terminal or stdin)';

export function nameProblem(name: string): string | null {
  if (!name) return 'which name? usage: kiosque admin create <name>';
  if (name.length > 100) return 'an operator name may not be longer than 100 characters';
  if (/[\u0000-\u001f\u007f\s]/.test(name))
    return `an operator name may not hold spaces or control characters ("${name}")`;
  return null;
}

/** Reads one line from a terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    const output = new Writable({
      write(chunk, _encoding, callback) {
        if (!muted) process.stderr.write(chunk);
        callback();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new KiosqueError({ kind: 'config', message: 'cancelled' }));
    });
    muted = true;
  });
}

/** The first line of stdin (a pipe or a file), without its line ending. */
async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.split(/\r?\n/)[0] ?? '';
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await askHidden('Mot de passe (12 caractères au moins) : ');
    const problem = passwordProblem(first);
    if (problem) throw new KiosqueError({ kind: 'config', message: problem });
    const again = await askHidden('Le même, encore une fois : ');
    if (again !== first) throw new KiosqueError({ kind: 'config', message: 'the two passwords differ' });
    return first;
  }
  const password = await firstLineOfStdin();
  if (!password) {
    throw new KiosqueError({
      kind: 'config',
      message:
        'no password on stdin: run this in a terminal, or pipe the password in (echo … | kiosque admin create <name>)',
    });
  }
  return password;
}

export async function adminCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (asksForHelp([sub ?? ''])) throw new HelpRequested(USAGE);
  if (sub !== 'create' && sub !== 'password') {
    throw new KiosqueError({
      kind: 'config',
      message: `unknown admin command "${sub ?? ''}"\nusage: ${USAGE}`,
    });
  }
  const { positionals } = parseFlags(rest, {}, USAGE);
  const name = (positionals[0] ?? '').trim();
  const badName = nameProblem(name);
  if (badName) throw new KiosqueError({ kind: 'config', message: badName });
  if (positionals.length > 1) {
    throw new KiosqueError({
      kind: 'config',
      message: `one name only (the password is never given on the command line)\nusage: ${USAGE}`,
    });
  }
  const config = loadConfig(process.env);
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) throw new KiosqueError({ kind: 'config', message: problem });
  const hash = await hashPassword(password);
  const store = new Store(await openDatabase(config.databaseUrl));
  try {
    if (sub === 'create') {
      const r = await saveOperator(store, name, hash);
      if (r === 'exists') {
        throw new KiosqueError({
          kind: 'config',
          message: `an operator "${name}" exists already (kiosque admin password ${name} sets a new password)`,
        });
      }
      process.stdout.write(`operator "${name}" created: log in at /admin/login\n`);
    } else {
      if (!(await findOperator(store, name)))
        throw new KiosqueError({
          kind: 'config',
          message: `no operator "${name}" (kiosque admin create ${name})`,
        });
      await saveOperator(store, name, hash, { replace: true });
      process.stdout.write(`password of "${name}" changed; their sessions are closed\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
