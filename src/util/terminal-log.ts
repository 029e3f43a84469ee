// Logs for a person at a terminal (LOG_FORMAT=text, the default when stderr
// is one): one plain line per event instead of JSON, and the feeds that fail
// summed up instead of one line each. A first start with no network used to
// print one JSON line for each of 46 feeds; it now says, once:
//   46 feeds could not be reached (46 network): no network? …
// JSON lines stay the default anywhere else (a service, a pipe, a file),
// where a log collector reads them. pino-pretty formats lines but would
// still print each failure, so the summing is ours.

/** pino's numeric levels, as a person reads them. */
const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: '',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** Fields every line has, or that the line's text already says. */
const QUIET_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'role', 'feed', 'source', 'kind']);

/** Failures that mean the site could not be reached at all: the network's, not the publisher's. */
const UNREACHABLE = new Set(['network', 'timeout']);

/** How long failures are gathered before their summary is printed: a first crawl's, all at once. */
const SUMMARY_DELAY_MS = 10_000;

interface Gathered {
  count: number;
  byKind: Map<string, number>;
}

export class TerminalLog {
  private unreachable: Gathered = { count: 0, byKind: new Map() };
  private failed: Gathered = { count: 0, byKind: new Map() };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: (line: string) => void = (line) => process.stderr.write(line),
    private readonly delayMs = SUMMARY_DELAY_MS,
  ) {}

  /** pino's destination: one JSON line per call. */
  write(json: string): void {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(json) as Record<string, unknown>;
    } catch {
      this.out(json);
      return;
    }
    const level = Number(event.level);
    // A feed that failed: counted, and said with the others in a moment.
    if (level === 40 && typeof event.feed === 'string' && typeof event.kind === 'string') {
      const into = UNREACHABLE.has(event.kind) ? this.unreachable : this.failed;
      into.count++;
      into.byKind.set(event.kind, (into.byKind.get(event.kind) ?? 0) + 1);
      if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), this.delayMs);
        this.timer.unref();
      }
      return;
    }
    this.out(`${formatEvent(event, level)}\n`);
  }

  /** Prints the summary of the failures gathered so far (also at exit). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { unreachable, failed } = this;
    if (unreachable.count)
      this.out(
        `${plural(unreachable.count, 'feed')} could not be reached (${kinds(unreachable)}): no network, or the sites are down? \`kiosque crawl --once\` lists each feed and why; they are tried again later.\n`,
      );
    if (failed.count)
      this.out(
        `${plural(failed.count, 'feed')} failed (${kinds(failed)}): the console's feed health (/admin/feeds) or \`kiosque crawl --once\` says why.\n`,
      );
    this.unreachable = { count: 0, byKind: new Map() };
    this.failed = { count: 0, byKind: new Map() };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function kinds(g: Gathered): string {
  return [...g.byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/** "12:04:31 warning: the message (key=value, …)". */
export function formatEvent(event: Record<string, unknown>, level: number): string {
  const time = new Date(typeof event.time === 'number' ? event.time : Date.now()).toTimeString().slice(0, 8);
  const label = LEVELS[level] ?? `level ${level}`;
  const details: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(event)) {
    if (QUIET_FIELDS.has(key) || value === undefined) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const err = value as { message?: unknown; stack?: unknown };
      details.push(`error=${String(err.message ?? '')}`);
      // An error's stack is for its reader; a warning's is not.
      if (level >= 50 && typeof err.stack === 'string') stack = `\n${err.stack}`;
      continue;
    }
    details.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const where = typeof event.feed === 'string' ? ` [${event.feed}]` : '';
  const said = details.length ? ` (${details.join(', ')})` : '';
  return `${time} ${label ? `${label}: ` : ''}${String(event.msg ?? '')}${where}${said}${stack}`;
}
