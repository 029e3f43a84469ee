// `kiosque extract <url> [--html-file <file>] [--json]`: one page through
// extraction and sanitization, as the crawler will do it, to see what a
// source's pages give (and tune its bodySelector / remove rules).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/index.ts';
import { extractArticle } from '../extract/index.ts';
import { createHttpClient, defaultHttpClientOptions } from '../fetch/index.ts';
import { sanitizeArticleHtml } from '../sanitize/index.ts';
import { KiosqueError } from '../util/errors.ts';
import { parseFlags } from './args.ts';

const USAGE = 'kiosque extract <url> [--html-file <file>] [--json]';

export async function extractCommand(argv: string[]): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ flags, positionals } = parseFlags(
      argv,
      { 'html-file': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      USAGE,
    ));
  } catch (err) {
    process.stderr.write(`kiosque extract: ${(err as Error).message}\n`);
    return 2;
  }
  if (flags['help']) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  const url = positionals[0];
  if (positionals.length !== 1 || !url || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    process.stderr.write(`kiosque extract: give one http(s) URL\nusage: ${USAGE}\n`);
    return 2;
  }

  let html: string;
  let baseUrl = url;
  const file = flags['html-file'];
  if (typeof file === 'string') {
    try {
      html = readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`kiosque extract: cannot read ${file}: ${(err as Error).message}\n`);
      return 2;
    }
  } else {
    const client = createHttpClient(defaultHttpClientOptions(loadConfig(process.env)));
    try {
      const res = await client.fetch({ url, kind: 'page' });
      if (!res.ok) {
        process.stderr.write(`kiosque extract: ${res.error.kind}: ${res.error.message}\n`);
        return 1;
      }
      if (res.notModified) {
        process.stderr.write('kiosque extract: http_status: 304 Not Modified without a validator\n');
        return 1;
      }
      html = res.text;
      baseUrl = res.url;
    } catch (err) {
      const e = err instanceof KiosqueError ? err : null;
      process.stderr.write(`kiosque extract: ${e?.kind ?? 'network'}: ${(err as Error).message}\n`);
      return 1;
    } finally {
      await client.close();
    }
  }

  const article = extractArticle(html, baseUrl);
  const safe = sanitizeArticleHtml(article.contentHtml, baseUrl);
  const out = {
    url: baseUrl,
    title: article.title,
    author: article.author,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    modifiedAt: article.modifiedAt?.toISOString() ?? null,
    leadImage: article.leadImage,
    language: article.language,
    dir: article.dir,
    siteName: article.siteName,
    excerpt: article.excerpt,
    method: article.method,
    images: safe.images,
    contentHtml: safe.html,
    text: article.text,
  };
  if (flags['json']) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const line = (name: string, value: string | null) => `${name.padEnd(12)}${value ?? '—'}\n`;
  process.stdout.write(
    line('title', out.title) +
      line('author', out.author) +
      line('published', out.publishedAt) +
      line('lead image', out.leadImage) +
      line('language', out.language && out.dir ? `${out.language} (${out.dir})` : out.language) +
      line('site', out.siteName) +
      line('method', out.method) +
      line('images', String(out.images.length)) +
      `\n── content (sanitized HTML) ──\n${out.contentHtml}\n\n── text ──\n${out.text}\n`,
  );
  return 0;
}
