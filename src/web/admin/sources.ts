// Sources in the console: the list (with each feed's status), add (with
// "test this feed now": fetched through src/fetch and parsed through
// src/feeds, shown, nothing stored), edit, pause, OPML import and export.
//
// What the console changes survives a restart: a source added or edited
// here is marked 'console' in the database, and the sync from the sources
// file (syncSources in src/store, at every start) leaves it alone. "Rendre au
// fichier" clears the mark: the file applies again at the next start.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { parseFeedBounded } from '../../feeds/index.ts';
import {
  DEFAULT_TIMEZONE,
  type FeedConfig,
  readOpml,
  type SourceConfig,
  SourcesFileError,
  parseSourcesFile,
  toOpml,
  toYamlObject,
} from '../../sources/index.ts';
import {
  type ConsoleSource,
  audit,
  createConsoleSource,
  knownFeedUrls,
  listConsoleSources,
  releaseSourceToFile,
  setConsoleSourceEnabled,
  updateConsoleSource,
} from '../../store/index.ts';
import { type Html, html, safeHttpUrl } from '../html.ts';
import { type AdminDeps, field, formOf, operatorOf } from './context.ts';
import { adminPage, csrfField, flashFrom, sendPage, when } from './layout.ts';

const MAX_TEST_FEEDS = 5;
const SHOWN_ENTRIES = 30;

const STATUS: Record<string, string> = { new: 'nouveau', ok: 'ok', error: 'erreur', failing: 'en échec' };

/** What the source form holds, as typed (kept when the form comes back with an error). */
interface SourceForm {
  slug: string;
  name: string;
  homepage: string;
  language: string;
  timezone: string;
  mode: string;
  feeds: string;
}

function formFromRequest(request: FastifyRequest, slug?: string): SourceForm {
  return {
    slug: slug ?? field(request, 'slug').toLowerCase(),
    name: field(request, 'name'),
    homepage: field(request, 'homepage'),
    language: field(request, 'language'),
    timezone: field(request, 'timezone'),
    mode: field(request, 'mode'),
    feeds: (formOf(request).fields.feeds ?? '').slice(0, 20_000),
  };
}

function formFromSource(s: SourceConfig): SourceForm {
  return {
    slug: s.slug,
    name: s.name,
    homepage: s.homepage,
    language: s.language,
    timezone: s.timezone,
    mode: s.mode,
    feeds: s.feeds.map((f) => (f.category ? `${f.url} ${f.category}` : f.url)).join('\n'),
  };
}

/** One feed per line: its URL, then optionally its category. */
function feedsOf(text: string): FeedConfig[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [url = '', ...rest] = line.split(/\s+/);
      const category = rest.join(' ').trim();
      return category ? { url, category } : { url };
    });
}

/**
 * Checks the form with the sources file's own rules (the same messages as a
 * wrong line in config/sources.yaml), keeping a source's fetch and extract
 * settings from before. Returns the source or the problems.
 */
export function sourceFromForm(
  form: SourceForm,
  previous: SourceConfig | null,
): { source: SourceConfig } | { problems: string[] } {
  const draft: SourceConfig = {
    slug: form.slug,
    name: form.name,
    homepage: form.homepage,
    language: form.language as SourceConfig['language'],
    timezone: form.timezone || DEFAULT_TIMEZONE,
    mode: (form.mode || 'full') as SourceConfig['mode'],
    enabled: previous?.enabled ?? true,
    feeds: feedsOf(form.feeds),
    ...(previous?.fetch ? { fetch: previous.fetch } : {}),
    ...(previous?.extract ? { extract: previous.extract } : {}),
  };
  const object = toYamlObject(draft);
  for (const key of ['slug', 'name', 'homepage', 'language'] as const) if (!form[key]) delete object[key];
  if (!draft.feeds.length) delete object.feeds;
  try {
    const [source] = parseSourcesFile(stringify({ sources: [object] }), 'formulaire');
    if (!source) return { problems: ['the form holds no source'] };
    return { source };
  } catch (err) {
    if (err instanceof SourcesFileError) return { problems: err.problems.map((p) => p.message) };
    throw err;
  }
}

// ── "Test this feed now" ──────────────────────────────────────────────────

interface FeedTest {
  url: string;
  ok: boolean;
  error?: string;
  finalUrl?: string;
  status?: number;
  format?: string;
  title?: string | null;
  entries?: Array<{
    title: string;
    url: string | null;
    publishedAt: Date | null;
    summary: string | null;
    images: number;
    categories: string[];
  }>;
  total?: number;
}

/** Fetches and parses each feed the way the crawler would, and keeps nothing. */
export async function testFeeds(deps: AdminDeps, feeds: FeedConfig[], timezone: string): Promise<FeedTest[]> {
  return Promise.all(
    feeds.slice(0, MAX_TEST_FEEDS).map(async ({ url }): Promise<FeedTest> => {
      const fetched = await deps.client.fetch({ url, kind: 'feed' });
      if (!fetched.ok) return { url, ok: false, error: `${fetched.error.kind} : ${fetched.error.message}` };
      if (fetched.notModified) return { url, ok: false, error: 'le serveur répond 304 sans document' };
      try {
        const feed = await parseFeedBounded(fetched.text, { url: fetched.url, timezone, now: deps.now() });
        return {
          url,
          ok: true,
          finalUrl: fetched.url,
          status: fetched.status,
          format: `${feed.format} (${feed.version})`,
          title: feed.title,
          total: feed.entries.length,
          entries: feed.entries.slice(0, SHOWN_ENTRIES).map((e) => ({
            title: e.title,
            url: e.url,
            publishedAt: e.publishedAt,
            summary: e.summary ? e.summary.slice(0, 300) : null,
            images: e.images.length,
            categories: e.categories,
          })),
        };
      } catch (err) {
        const e = err as { kind?: string; message?: string };
        return { url, ok: false, error: `${e.kind ?? 'not_a_feed'} : ${e.message ?? String(err)}` };
      }
    }),
  );
}

function testResults(tests: FeedTest[], tz: string): Html {
  return html`<section aria-labelledby="test-title" class="feed-test">
<h2 id="test-title">Essai du flux : ce qui serait relevé (rien n’est enregistré)</h2>
${tests.map(
  (t) => html`<article>
<h3>${t.url}</h3>
${
  t.ok
    ? html`<p>${t.format} · HTTP ${t.status}${t.finalUrl && t.finalUrl !== t.url ? html` · redirigé vers ${t.finalUrl}` : ''}${t.title ? html` · « ${t.title} »` : ''} · <strong>${t.total}</strong> article(s)</p>
${
  t.entries?.length
    ? html`<ol class="entries">
${t.entries.map(
  (e) =>
    html`<li><strong>${e.title || '(sans titre)'}</strong>${e.url ? html` — <a href="${safeHttpUrl(e.url)}" rel="noopener noreferrer">${e.url}</a>` : ' — (sans lien)'}<br><span class="muted">${e.publishedAt ? when(e.publishedAt.toISOString(), tz) : 'sans date : l’heure du relevé la remplacera'}${e.categories.length ? ` · ${e.categories.join(', ')}` : ''}${e.images ? ` · ${e.images} image(s)` : ''}</span>${e.summary ? html`<br>${e.summary}` : ''}</li>\n`,
)}</ol>`
    : html`<p class="empty">Le flux est lisible mais ne contient aucun article.</p>`
}`
    : html`<p class="flash error">Échec : ${t.error}</p>`
}
</article>\n`,
)}</section>`;
}

// ── Pages ─────────────────────────────────────────────────────────────────

function sourceFormHtml(csrf: string, form: SourceForm, options: { action: string; editing: boolean }): Html {
  const opt = (value: string, label: string, current: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<form class="stack" method="post" action="${options.action}">
${csrfField(csrf)}
<label>Identifiant (slug) <span class="hint">lettres minuscules, chiffres et tirets ; il nomme la source dans les adresses du site</span>
<input type="text" name="slug" value="${form.slug}" maxlength="64" required${options.editing ? html` readonly` : ''}></label>
<label>Nom <input type="text" name="name" value="${form.name}" maxlength="200" required></label>
<label>Site de l’éditeur <input type="url" name="homepage" value="${form.homepage}" maxlength="2000" required></label>
<label>Langue <select name="language">${opt('fr', 'français', form.language || 'fr')}${opt('ar', 'arabe', form.language || 'fr')}</select></label>
<label>Fuseau horaire <span class="hint">pour les dates écrites sans fuseau (par défaut ${DEFAULT_TIMEZONE})</span>
<input type="text" name="timezone" value="${form.timezone}" maxlength="100" placeholder="${DEFAULT_TIMEZONE}"></label>
<label>Mode <select name="mode">${opt('full', 'texte intégral (page de l’article si le flux ne donne qu’un extrait)', form.mode || 'full')}${opt('excerpt', 'extrait du flux seulement', form.mode || 'full')}${opt('title', 'titre et lien seulement', form.mode || 'full')}</select></label>
<label>Flux <span class="hint">un par ligne : l’adresse, puis éventuellement la rubrique</span>
<textarea name="feeds" required>${form.feeds}</textarea></label>
<div class="actions">
<button type="submit" name="action" value="test">Tester ce flux maintenant</button>
<button type="submit" name="action" value="save">${options.editing ? 'Enregistrer' : 'Ajouter la source'}</button>
</div>
</form>`;
}

export function registerSources(app: FastifyInstance, deps: AdminDeps): void {
  const tz = () => deps.site.site.timezone;

  async function findSource(slug: string): Promise<ConsoleSource | null> {
    return (await listConsoleSources(deps.store)).find((s) => s.config.slug === slug) ?? null;
  }

  async function list(
    request: FastifyRequest,
    reply: FastifyReply,
    error: string | null = null,
    status = 200,
  ) {
    const { user } = operatorOf(request);
    const sources = await listConsoleSources(deps.store);
    return sendPage(
      reply,
      adminPage({
        title: 'Sources',
        section: 'sources',
        user,
        flash: error ? { kind: 'error', text: error } : flashFrom(request.query),
        body: html`<h1 class="page-title">Sources</h1>
<p class="actions"><a href="/admin/sources/new">Ajouter une source</a> · <a href="/admin/sources/import">Importer un fichier OPML</a> · <a href="/admin/sources/export.opml">Exporter en OPML</a></p>
<p class="muted">Les sources marquées « console » ont été ajoutées ou modifiées ici : le fichier des sources ne les change plus au démarrage, jusqu’à ce qu’on les rende au fichier.</p>
<table class="admin">
<thead><tr><th>Source</th><th>Langue</th><th>Mode</th><th>État</th><th>Gérée par</th><th>Flux</th><th>Actions</th></tr></thead>
<tbody>
${sources.map(
  (s) => html`<tr>
<td><a href="/admin/sources/${s.config.slug}/edit"><strong>${s.config.name}</strong></a><br><span class="muted">${s.config.slug}</span></td>
<td>${s.config.language}</td>
<td>${s.config.mode}</td>
<td>${s.takenDownAt ? html`<span class="status-failing">retirée</span> <span class="muted">${when(s.takenDownAt, tz())}</span>` : s.config.enabled ? 'active' : 'en pause'}</td>
<td>${s.managedBy === 'console' ? 'console' : 'fichier'}</td>
<td><ul>${s.feeds
    .filter((f) => f.enabled)
    .map(
      (f) =>
        html`<li><span class="status-${f.status}">${STATUS[f.status] ?? f.status}</span> ${f.effectiveUrl ?? f.url}${f.lastErrorKind ? html` <span class="muted">(${f.lastErrorKind})</span>` : ''}</li>`,
    )}</ul></td>
<td><div class="actions">
<a href="/admin/sources/${s.config.slug}/edit">Modifier</a>
${
  s.takenDownAt
    ? ''
    : s.config.enabled
      ? html`<form method="post" action="/admin/sources/${s.config.slug}/disable">${csrfField(user.csrf)}<button type="submit">Mettre en pause</button></form>`
      : html`<form method="post" action="/admin/sources/${s.config.slug}/enable">${csrfField(user.csrf)}<button type="submit">Réactiver</button></form>`
}
${s.managedBy === 'console' && !s.takenDownAt ? html`<form method="post" action="/admin/sources/${s.config.slug}/release">${csrfField(user.csrf)}<button type="submit">Rendre au fichier</button></form>` : ''}
</div></td>
</tr>\n`,
)}</tbody>
</table>`,
      }),
      status,
    );
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: SourceForm,
    options: { editing: ConsoleSource | null; problems?: string[]; tests?: FeedTest[]; status?: number },
  ) {
    const { user } = operatorOf(request);
    const editing = options.editing;
    const title = editing ? `Modifier ${editing.config.name}` : 'Ajouter une source';
    return sendPage(
      reply,
      adminPage({
        title,
        section: 'sources',
        user,
        flash: options.problems?.length
          ? { kind: 'error', text: `Source refusée : ${options.problems.join(' ; ')}` }
          : flashFrom(request.query),
        body: html`<h1 class="page-title">${title}</h1>
${editing?.managedBy === 'file' ? html`<p class="muted">Cette source vient du fichier des sources. L’enregistrer ici la fait passer à la console : le fichier ne la changera plus au démarrage.</p>\n` : ''}${editing?.takenDownAt ? html`<p class="flash error">Source retirée à la demande de l’éditeur le ${when(editing.takenDownAt, tz())} : elle reste arrêtée.</p>\n` : ''}${sourceFormHtml(
  user.csrf,
  form,
  {
    action: editing ? `/admin/sources/${editing.config.slug}/edit` : '/admin/sources/new',
    editing: editing !== null,
  },
)}
${options.tests ? testResults(options.tests, tz()) : ''}
<p><a href="/admin/sources">Retour aux sources</a></p>`,
      }),
      options.status ?? 200,
    );
  }

  app.get('/admin/sources', (request, reply) => list(request, reply));

  app.get('/admin/sources/new', (request, reply) =>
    formPage(
      request,
      reply,
      { slug: '', name: '', homepage: '', language: 'fr', timezone: '', mode: 'full', feeds: '' },
      { editing: null },
    ),
  );

  app.post('/admin/sources/new', async (request, reply) => {
    const { actor } = operatorOf(request);
    const form = formFromRequest(request);
    if (field(request, 'action') === 'test') {
      const feeds = feedsOf(form.feeds);
      if (!feeds.length)
        return formPage(request, reply, form, {
          editing: null,
          problems: ['indiquez au moins un flux'],
          status: 400,
        });
      return formPage(request, reply, form, {
        editing: null,
        tests: await testFeeds(deps, feeds, form.timezone || DEFAULT_TIMEZONE),
      });
    }
    const checked = sourceFromForm(form, null);
    if ('problems' in checked)
      return formPage(request, reply, form, { editing: null, problems: checked.problems, status: 400 });
    const known = await knownFeedUrls(deps.store);
    const twice = checked.source.feeds.filter((f) => known.has(f.url)).map((f) => f.url);
    if (twice.length) {
      return formPage(request, reply, form, {
        editing: null,
        problems: [`ce flux est déjà relevé pour une autre source : ${twice.join(', ')}`],
        status: 409,
      });
    }
    const result = await createConsoleSource(deps.store, checked.source, actor, deps.now());
    if (result === 'exists') {
      return formPage(request, reply, form, {
        editing: null,
        problems: [`l’identifiant « ${form.slug} » est déjà pris par une autre source`],
        status: 409,
      });
    }
    return reply.redirect('/admin/sources?msg=source-created', 303);
  });

  app.get<{ Params: { slug: string } }>('/admin/sources/:slug/edit', async (request, reply) => {
    const source = await findSource(request.params.slug);
    if (!source)
      return list(request, reply, `Il n’y a pas de source « ${request.params.slug.slice(0, 100)} ».`, 404);
    return formPage(request, reply, formFromSource(source.config), { editing: source });
  });

  app.post<{ Params: { slug: string } }>('/admin/sources/:slug/edit', async (request, reply) => {
    const { actor } = operatorOf(request);
    const source = await findSource(request.params.slug);
    if (!source)
      return list(request, reply, `Il n’y a pas de source « ${request.params.slug.slice(0, 100)} ».`, 404);
    const form = formFromRequest(request, source.config.slug);
    if (field(request, 'action') === 'test') {
      const feeds = feedsOf(form.feeds);
      return formPage(request, reply, form, {
        editing: source,
        tests: await testFeeds(deps, feeds, form.timezone || DEFAULT_TIMEZONE),
      });
    }
    const checked = sourceFromForm(form, source.config);
    if ('problems' in checked)
      return formPage(request, reply, form, { editing: source, problems: checked.problems, status: 400 });
    await updateConsoleSource(deps.store, checked.source, actor, deps.now());
    return reply.redirect('/admin/sources?msg=source-saved', 303);
  });

  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post<{ Params: { slug: string } }>(`/admin/sources/:slug/${verb}`, async (request, reply) => {
      const { actor } = operatorOf(request);
      const r = await setConsoleSourceEnabled(deps.store, request.params.slug, enabled, actor, deps.now());
      if (r === 'missing')
        return list(request, reply, `Il n’y a pas de source « ${request.params.slug.slice(0, 100)} ».`, 404);
      if (r === 'taken_down')
        return list(
          request,
          reply,
          'Cette source a été retirée à la demande de son éditeur : elle reste arrêtée.',
          409,
        );
      return reply.redirect(`/admin/sources?msg=source-${enabled ? 'enabled' : 'disabled'}`, 303);
    });
  }

  app.post<{ Params: { slug: string } }>('/admin/sources/:slug/release', async (request, reply) => {
    const { actor } = operatorOf(request);
    if (!(await releaseSourceToFile(deps.store, request.params.slug, actor, deps.now()))) {
      return list(request, reply, `Il n’y a pas de source « ${request.params.slug.slice(0, 100)} ».`, 404);
    }
    return reply.redirect('/admin/sources?msg=source-released', 303);
  });

  // ── OPML ────────────────────────────────────────────────────────────────

  app.get('/admin/sources/export.opml', async (_request, reply) => {
    const sources = (await listConsoleSources(deps.store)).filter((s) => !s.takenDownAt).map((s) => s.config);
    reply
      .type('text/x-opml; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kiosque-sources.opml"');
    return toOpml(sources, 'Kiosque sources');
  });

  const importPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    body: Html,
    error: string | null = null,
    status = 200,
  ) => {
    const { user } = operatorOf(request);
    return sendPage(
      reply,
      adminPage({
        title: 'Importer un fichier OPML',
        section: 'sources',
        user,
        flash: error ? { kind: 'error', text: error } : null,
        body: html`<h1 class="page-title">Importer un fichier OPML</h1>
<p>Chaque flux du fichier devient une source gérée par la console (les flux qui partagent un site forment une seule source). Les sources dont l’identifiant ou un flux est déjà connu sont ignorées.</p>
<form class="stack" method="post" action="/admin/sources/import" enctype="multipart/form-data">
${csrfField(user.csrf)}
<label>Fichier OPML <input type="file" name="file" accept=".opml,.xml,text/xml,application/xml,text/x-opml"></label>
<label>… ou son contenu collé <textarea name="opml"></textarea></label>
<label><span><input type="checkbox" name="preview" value="yes"> Aperçu seulement (n’ajouter rien)</span></label>
<button type="submit">Importer</button>
</form>
${body}
<p><a href="/admin/sources">Retour aux sources</a></p>`,
      }),
      status,
    );
  };

  app.get('/admin/sources/import', (request, reply) => importPage(request, reply, html``));

  app.post('/admin/sources/import', async (request, reply) => {
    const { actor } = operatorOf(request);
    const form = formOf(request);
    const text = form.files.file?.data.length
      ? form.files.file.data.toString('utf8')
      : (form.fields.opml ?? '');
    if (!text.trim())
      return importPage(request, reply, html``, 'Choisissez un fichier OPML ou collez son contenu.', 400);
    let parsed: ReturnType<typeof readOpml>;
    try {
      parsed = readOpml(text);
    } catch (err) {
      return importPage(request, reply, html``, `Fichier refusé : ${(err as Error).message}`, 400);
    }
    const preview = form.fields.preview === 'yes';
    const existing = new Set((await listConsoleSources(deps.store)).map((s) => s.config.slug));
    const known = await knownFeedUrls(deps.store);
    const added: string[] = [];
    const skipped: Array<{ name: string; why: string }> = parsed.skipped.map((s) => ({
      name: s.xmlUrl,
      why: s.reason,
    }));
    for (const source of parsed.sources) {
      const { languageGuessed: _g, ...config } = source;
      if (existing.has(config.slug)) {
        skipped.push({ name: config.slug, why: 'identifiant déjà pris' });
        continue;
      }
      const feeds = config.feeds.filter((f) => !known.has(f.url));
      if (!feeds.length) {
        skipped.push({ name: config.slug, why: 'flux déjà relevé(s)' });
        continue;
      }
      if (!preview) {
        const r = await createConsoleSource(deps.store, { ...config, feeds }, actor, deps.now());
        if (r === 'exists') {
          skipped.push({ name: config.slug, why: 'identifiant déjà pris' });
          continue;
        }
      }
      existing.add(config.slug);
      for (const f of feeds) known.add(f.url);
      added.push(config.slug);
    }
    if (!preview) {
      await audit(
        deps.store,
        actor,
        'source.import',
        null,
        `${added.length} ajoutée(s), ${skipped.length} ignorée(s)`,
        deps.now(),
      );
    }
    return importPage(
      request,
      reply,
      html`<section aria-labelledby="import-result"><h2 id="import-result">${preview ? 'Aperçu' : 'Résultat'}</h2>
<p><strong>${added.length}</strong> source(s) ${preview ? 'seraient ajoutées' : 'ajoutée(s)'}${added.length ? ` : ${added.join(', ')}` : ''}.</p>
${skipped.length ? html`<p>${skipped.length} ignorée(s) :</p><ul>${skipped.map((s) => html`<li>${s.name} — ${s.why}</li>`)}</ul>` : ''}
</section>`,
    );
  });
}
