// Debian's Chromium, for the tests that use a real browser: where it is, and
// why a browser test skips (KIOSQUE_SKIP_BROWSER_TESTS=1, or no Chromium).
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** The skip reason of a browser test, or false when it runs. */
export const SKIP_BROWSER: string | false =
  process.env.KIOSQUE_SKIP_BROWSER_TESTS === '1'
    ? 'browser tests skipped (KIOSQUE_SKIP_BROWSER_TESTS=1)'
    : existsSync(CHROMIUM)
      ? false
      : `no ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set KIOSQUE_SKIP_BROWSER_TESTS=1`;
