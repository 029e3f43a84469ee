#!/usr/bin/env node
// The `kiosque` command. TypeScript runs through tsx's loader so that
// `npm ci` is the only install step: no build, no dist/ to keep in sync.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
