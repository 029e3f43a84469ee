// `npm install` with no warning on the Node the project supports (issue 17,
// point 6): every locked package accepts this Node, and every package with
// an install script has been looked at (package.json's allowScripts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};
const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const lock = read('package-lock.json') as {
  packages: Record<string, { engines?: Record<string, string> | string[]; hasInstallScript?: boolean }>;
};
const pkg = read('package.json') as { engines: { node: string }; allowScripts: Record<string, boolean> };

test('every locked package accepts the Node versions the project does (no EBADENGINE at install)', () => {
  // The oldest Node package.json says it runs on, and this one.
  const oldest = semver.minVersion(pkg.engines.node)?.version;
  assert.ok(oldest?.startsWith('20.'), `package.json's engines (${pkg.engines.node}) start at a Node 20`);
  for (const version of [oldest!, process.version.slice(1)]) {
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(version, (p.engines as Record<string, string>).node!))
      .map(([name, p]) => `${name} (${(p.engines as Record<string, string>).node})`);
    assert.deepEqual(refusing, [], `packages that refuse Node ${version}`);
  }
});

test("every package with an install script is named in allowScripts (npm's install-scripts warning)", () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  assert.ok(withScripts.length > 0);
  for (const name of withScripts)
    assert.ok(name in pkg.allowScripts, `${name} is allowed or refused by name`);
});
