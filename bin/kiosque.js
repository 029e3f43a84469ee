#!/usr/bin/env node
// The `kiosque` command. It runs the build in dist/ (made by `npm install`
// or `npm run build`, see scripts/build.mjs) when it matches src/, and src/
// itself through tsx's loader otherwise (a checkout just edited, or
// installed with scripts off): never stale code, and the fast start when
// the build is there. KIOSQUE_FROM_SOURCE=1 forces src/.
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './freshness.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
let main;
if (process.env.KIOSQUE_FROM_SOURCE !== '1' && buildIsFresh(here('../src'), here('../dist'))) {
  ({ main } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
