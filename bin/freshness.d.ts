/** "<newest mtime in ms> <files>" for the files under `dir`. */
export function newestSource(dir: string): string;
/** True when `dist` holds a finished build of `src` as it is now. */
export function buildIsFresh(src: string, dist: string): boolean;
