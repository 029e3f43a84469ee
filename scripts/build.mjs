// The build: src/ (TypeScript) to dist/ (JavaScript), run by `npm install`
// and `npm ci` (the `prepare` script) and by `npm run build`.
//
// Why: compiling TypeScript at every start cost the CLI ~1.8 s, and every
// worker thread ~70 MB for its own copy of the tsx loader; loading our ~270
// modules and Kysely's ~500 one by one cost another half second. esbuild
// (made for this; no type check, which is `npm run typecheck`'s job)
// bundles the command and the worker threads' entries, with the code they
// share in chunks and each command's modules in a chunk of their own,
// loaded when the command runs. Other packages stay in node_modules
// (native addons, files read at run time), except Kysely: plain
// JavaScript in hundreds of files.
//
// bin/kiosque.js runs dist/ when it was built from src/ as it is now (see
// ../bin/freshness.js) and src/ through tsx otherwise: a stale or missing
// build is never run.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestSource } from '../bin/freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Packages bundled in: pure JavaScript in many files. */
const BUNDLED_PACKAGES = /^kysely(\/|$)/;

/**
 * The worker threads' entries: in src/, a .mjs that registers tsx then
 * imports the -impl.ts; in dist/, a chunk of the bundle loaded directly.
 */
const WORKERS = {
  'work-worker': 'src/ingest/work-worker-impl.ts',
  'parse-worker': 'src/feeds/parse-worker-impl.ts',
};

const t0 = performance.now();
const sourceStamp = newestSource(src);
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: {
    cli: join(root, 'src/cli/main.ts'),
    ...Object.fromEntries(Object.entries(WORKERS).map(([name, file]) => [name, join(root, file)])),
  },
  outdir: dist,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Stack traces name src/ files when node runs with --enable-source-maps.
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      name: 'packages-stay-in-node-modules',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

// Files a module finds beside itself (`new URL('./prior/df.tsv',
// import.meta.url)`): in the bundle, beside dist/'s chunks. Two modules
// asking for the same name would read each other's file: refused here.
const copied = new Map();
for (const file of walk(src).filter((f) => f.endsWith('.ts'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(
    /new URL\((['"])(\.\/[^'"]*)\1, import\.meta\.url\)/g,
  )) {
    const name = m[2];
    const from = resolve(dirname(file), name);
    if (!existsSync(from)) continue; // a name built at run time (site assets pass a variable)
    const to = join(dist, name);
    const other = copied.get(to);
    if (other && other !== from)
      throw new Error(`build: ${relative(root, file)} and another module both read "${name}"`);
    copied.set(to, from);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
}
// Site assets are named by a variable (assets.ts): the folder's non-code files.
for (const dir of ['src/web/site', 'src/web/admin']) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const file = entry.name;
    if (!entry.isFile() || file.endsWith('.ts')) continue;
    const to = join(dist, file);
    const from = join(root, dir, file);
    if (copied.has(to) && copied.get(to) !== from) throw new Error(`build: two assets named ${file}`);
    copied.set(to, from);
    cpSync(from, to);
  }
}
// Written last: a build that stopped half way has no stamp and is not run.
writeFileSync(join(dist, '.source-stamp'), `${sourceStamp}\n`);
const bytes = walk(dist)
  .filter((f) => f.endsWith('.js'))
  .reduce((n, f) => n + statSync(f).size, 0);
console.log(
  `kiosque: built dist/ (${Math.round(bytes / 1024)} KB of JavaScript) in ${Math.round(performance.now() - t0)} ms`,
);
