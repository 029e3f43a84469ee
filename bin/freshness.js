// Is dist/ (the build, scripts/build.mjs) as new as src/? A stamp of src/
// as it was built: its newest modification time and its number of files. A
// file edited, added or removed since changes it, and bin/kiosque.js runs
// src/ through tsx instead of stale JavaScript. Walking src/ costs a few
// milliseconds, against ~1.5 s for compiling it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** "<newest mtime in ms> <files>" for the files under `dir`. */
export function newestSource(dir) {
  let newest = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  walk(dir);
  return `${Math.round(newest)} ${files}`;
}

/** True when `dist` holds a finished build of `src` as it is now. */
export function buildIsFresh(src, dist) {
  let stamp;
  try {
    stamp = readFileSync(join(dist, '.source-stamp'), 'utf8').trim();
  } catch {
    return false;
  }
  return stamp === newestSource(src);
}
