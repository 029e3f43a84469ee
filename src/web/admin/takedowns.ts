// Takedowns: an article, or a whole source, withdrawn at its publisher's
// request, with the reason. The article is removed with a tombstone (a later
// crawl does not bring it back) and its page answers 410; a source is also
// switched off for good (the sync from the sources file leaves it off).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  articleForTakedown,
  articleIdByUrl,
  listConsoleSources,
  listTakedowns,
  takeDownArticle,
  takeDownSource,
} from '../../store/index.ts';
import { html } from '../html.ts';
import { type AdminDeps, field, operatorOf } from './context.ts';
import { adminPage, csrfField, flashFrom, sendPage, when } from './layout.ts';

const MAX_REASON = 2000;

/**
 * The article an operator names: its number, its page on this site (a path,
 * or a full URL on whatever host the site is reached by: /fr/<source>/<id>
 * whose source matches), or its address at the publisher.
 */
export async function resolveArticle(deps: AdminDeps, ref: string): Promise<number | null> {
  const text = ref.trim();
  if (/^\d{1,15}$/.test(text)) return Number(text);
  let path: string;
  try {
    path = new URL(text, 'http://path.invalid').pathname;
  } catch {
    return null;
  }
  const m = /\/([a-z0-9-]{1,64})\/(\d{1,15})\/?$/.exec(path);
  if (m) {
    const found = await articleForTakedown(deps.store, Number(m[2]));
    if (found && found.sourceSlug === m[1]) return found.id;
  }
  return /^https?:\/\//i.test(text) ? articleIdByUrl(deps.store, text) : null;
}

async function page(
  deps: AdminDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { status?: number; error?: string; article?: string; reason?: string; source?: string } = {},
) {
  const { user } = operatorOf(request);
  const tz = deps.site.site.timezone;
  const [takedowns, sources] = await Promise.all([listTakedowns(deps.store), listConsoleSources(deps.store)]);
  const prefill = (request.query as { article?: string }).article ?? options.article ?? '';
  const preview = /^\d{1,15}$/.test(prefill) ? await articleForTakedown(deps.store, Number(prefill)) : null;
  return sendPage(
    reply,
    adminPage({
      title: 'Retraits',
      section: 'takedowns',
      user,
      flash: options.error ? { kind: 'error', text: options.error } : flashFrom(request.query),
      body: html`<h1 class="page-title">Retraits à la demande des éditeurs</h1>
<p>Un article retiré disparaît des listes, des flux, des plans du site et de l’API ; sa page répond 410 (« retiré à la demande de son éditeur ») et le robot ne le reprend plus. Retirer une source retire tous ses articles et arrête de la relever, même après un redémarrage.</p>
<section aria-labelledby="td-article">
<h2 id="td-article">Retirer un article</h2>
${preview ? html`<p>Article n° ${preview.id} : <strong>${preview.title}</strong> (${preview.sourceName}, ${when(preview.publishedAt, tz)})</p>\n` : ''}<form class="stack" method="post" action="/admin/takedowns/article">
${csrfField(user.csrf)}
<label>Article <span class="hint">son numéro, sa page sur Kiosque (/fr/source/123) ou son adresse chez l’éditeur</span>
<input type="text" name="article" required maxlength="2000" value="${prefill}"></label>
<label>Motif <span class="hint">la demande de l’éditeur (qui, quand, comment)</span>
<textarea name="reason" required maxlength="${MAX_REASON}">${options.source ? '' : (options.reason ?? '')}</textarea></label>
<button type="submit" class="danger">Retirer l’article</button>
</form>
</section>
<section aria-labelledby="td-source">
<h2 id="td-source">Retirer toute une source</h2>
<form class="stack" method="post" action="/admin/takedowns/source">
${csrfField(user.csrf)}
<label>Source
<select name="source" required>
<option value="">— choisir —</option>
${sources
  .filter((s) => !s.takenDownAt)
  .map(
    (s) =>
      html`<option value="${s.config.slug}"${options.source === s.config.slug ? html` selected` : ''}>${s.config.name} (${s.config.slug})</option>\n`,
  )}</select></label>
<label>Motif <textarea name="reason" required maxlength="${MAX_REASON}">${options.source ? (options.reason ?? '') : ''}</textarea></label>
<label><span><input type="checkbox" name="confirm" value="yes" required> Je confirme : tous les articles de cette source seront retirés et elle ne sera plus relevée.</span></label>
<button type="submit" class="danger">Retirer la source</button>
</form>
</section>
<section aria-labelledby="td-list">
<h2 id="td-list">Retraits effectués</h2>
${
  takedowns.length
    ? html`<table class="admin">
<thead><tr><th>Date</th><th>Quoi</th><th>Articles</th><th>Motif</th><th>Par</th></tr></thead>
<tbody>
${takedowns.map(
  (t) =>
    html`<tr><td class="nowrap">${when(t.createdAt, tz)}</td><td>${t.kind === 'source' ? html`Source <strong>${t.title}</strong> (${t.sourceSlug ?? t.sourceId})` : html`Article n° ${t.articleId} : ${t.title}${t.sourceSlug ? html` <span class="muted">(${t.sourceSlug})</span>` : ''}`}</td><td>${t.articles}</td><td>${t.reason}</td><td>${t.operatorName}</td></tr>\n`,
)}</tbody>
</table>`
    : html`<p class="empty">Aucun retrait pour l’instant.</p>`
}
</section>`,
    }),
    options.status ?? 200,
  );
}

export function registerTakedowns(app: FastifyInstance, deps: AdminDeps): void {
  app.get('/admin/takedowns', async (request, reply) => page(deps, request, reply));

  app.post('/admin/takedowns/article', async (request, reply) => {
    const { actor } = operatorOf(request);
    const ref = field(request, 'article');
    const reason = field(request, 'reason');
    const again = (error: string) => page(deps, request, reply, { status: 400, error, article: ref, reason });
    if (!reason) return again('Indiquez le motif du retrait (la demande de l’éditeur).');
    if (reason.length > MAX_REASON) return again(`Le motif dépasse ${MAX_REASON} caractères.`);
    const id = await resolveArticle(deps, ref);
    if (id === null) return again(`Aucun article ne correspond à « ${ref.slice(0, 200)} ».`);
    const done = await takeDownArticle(deps.store, id, reason, actor, deps.now());
    if (!done) return again(`Il n’y a pas (ou plus) d’article n° ${id}.`);
    return reply.redirect('/admin/takedowns?msg=article-taken-down', 303);
  });

  app.post('/admin/takedowns/source', async (request, reply) => {
    const { actor } = operatorOf(request);
    const slug = field(request, 'source');
    const reason = field(request, 'reason');
    const again = (error: string) => page(deps, request, reply, { status: 400, error, source: slug, reason });
    if (!slug) return again('Choisissez la source à retirer.');
    if (!reason) return again('Indiquez le motif du retrait (la demande de l’éditeur).');
    if (reason.length > MAX_REASON) return again(`Le motif dépasse ${MAX_REASON} caractères.`);
    if (field(request, 'confirm') !== 'yes')
      return again('Cochez la case de confirmation : ce retrait est massif.');
    const done = await takeDownSource(deps.store, slug, reason, actor, deps.now());
    if (!done) return again(`Il n’y a pas de source « ${slug} ».`);
    return reply.redirect('/admin/takedowns?msg=source-taken-down', 303);
  });
}
