// The `kiosque` command. Exit codes: 0 done, 1 unexpected failure,
// 2 configuration error (a wrong flag, variable or sources-file line),
// 3 database error.
import { KiosqueError } from '../util/errors.ts';
import { HelpRequested } from './args.ts';

// Each command's modules load when it runs: \`kiosque --help\` need not load
// the web server, nor \`crawl --once\` the site (start-up time, issue 16).
const HELP = `kiosque — a press aggregator

Commands:
  kiosque start                       serve the API and run the crawler (what npm start runs)
  kiosque worker [--concurrency N]    run the crawler only
  kiosque web                         serve the API only
  kiosque crawl --once [--source S]   poll every enabled feed now, print a summary
  kiosque sources check               validate the sources file
  kiosque sources import <file.opml>  add the feeds of an OPML file to the sources file
  kiosque sources export [-o file]    write the sources as OPML
  kiosque migrate-db --from URL --to URL   copy an installation to another database
  kiosque reindex                     rebuild the search index from the stored articles
  kiosque extract <url> [--html-file F] [--json]   extract and sanitize one article page
  kiosque admin create <name>         create a console operator (password from the terminal or stdin)
  kiosque admin password <name>       set an operator's password
  kiosque config [--json]             print the effective configuration (secrets masked)

Each command answers --help (or -h) with its usage.

Environment: PORT, DATABASE_URL, KIOSQUE_SOURCES, KIOSQUE_CONTACT_URL, LOG_LEVEL and
the other variables that \`kiosque config\` lists (see README.md).
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
      case 'worker':
      case 'web':
        return await (await import('./serve.ts')).serveCommand(command, rest);
      case 'crawl':
        return await (await import('./crawl.ts')).crawlCommand(rest);
      case 'sources':
        return await (await import('./sources.ts')).sourcesCommand(rest);
      case 'migrate-db':
        return await (await import('./migrate-db.ts')).migrateDbCommand(rest);
      case 'reindex':
        return await (await import('./reindex.ts')).reindexCommand(rest);
      case 'extract':
        return await (await import('./extract.ts')).extractCommand(rest);
      case 'admin':
        return await (await import('./admin.ts')).adminCommand(rest);
      case 'config':
        return (await import('./config.ts')).configCommand(rest, process.env);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`kiosque: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`usage: ${err.usage}\n`);
      return 0;
    }
    // A full disk, a read-only folder, a locked or damaged database, however
    // deep it is wrapped: one sentence, exit 3 (loaded here only: the store
    // is heavy for --help).
    if (!(err instanceof KiosqueError && err.kind === 'config')) {
      const { storageError } = await import('../store/storage-errors.ts');
      const { storageWhere } = await import('../store/connect.ts');
      const storage = storageError(err, storageWhere(process.env.DATABASE_URL));
      if (storage) {
        process.stderr.write(`kiosque: ${storage.message}\n`);
        return 3;
      }
    }
    if (err instanceof KiosqueError) {
      process.stderr.write(`kiosque: ${err.message}\n`);
      return err.kind === 'config' ? 2 : err.kind === 'database' ? 3 : 1;
    }
    process.stderr.write(`kiosque: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
