// Feed health: for each feed its last fetch, status, error, articles per
// day, next fetch, and the delay from publication to ingestion (the median
// over its recent articles with a real date); a view of the failing feeds.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FeedHealth, feedHealth } from '../../store/index.ts';
import { html, safeHttpUrl } from '../html.ts';
import { type AdminDeps, operatorOf } from './context.ts';
import { adminPage, duration, sendPage, when } from './layout.ts';

const STATUS: Record<string, string> = {
  new: 'nouveau',
  ok: 'ok',
  error: 'erreur',
  failing: 'en échec',
};

export function isFailing(f: FeedHealth): boolean {
  return f.status === 'error' || f.status === 'failing';
}

/** A feed's address, a link only when it is http(s). */
function feedLink(url: string) {
  const href = safeHttpUrl(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer">${url}</a>` : url;
}

function table(feeds: FeedHealth[], tz: string) {
  return html`<table class="admin">
<thead><tr><th>Source</th><th>Flux</th><th>État</th><th>Dernier relevé</th><th>Erreur</th><th>Articles / jour</th><th>Prochain relevé</th><th>Délai publication → Kiosque</th></tr></thead>
<tbody>
${feeds.map(
  (f) => html`<tr>
<td><a href="/admin/sources/${f.sourceSlug}">${f.sourceName}</a>${f.sourceEnabled ? '' : html` <span class="muted">(en pause)</span>`}</td>
<td>${feedLink(f.effectiveUrl ?? f.url)}${f.category ? html` <span class="muted">${f.category}</span>` : ''}</td>
<td class="status-${f.status}">${STATUS[f.status] ?? f.status}${f.consecutiveErrors ? html` <span class="muted">(${f.consecutiveErrors} de suite)</span>` : ''}</td>
<td class="nowrap">${when(f.lastFetchedAt, tz)}${f.lastStatus ? html` <span class="muted">HTTP ${f.lastStatus}</span>` : ''}</td>
<td>${f.lastErrorKind ? html`<strong>${f.lastErrorKind}</strong> ${f.lastErrorMessage ?? ''} <span class="muted">${when(f.lastErrorAt, tz)}</span>${f.failingSince ? html` <span class="muted">en échec depuis ${when(f.failingSince, tz)}</span>` : ''}` : '—'}</td>
<td>${f.perDay.toFixed(1)}</td>
<td class="nowrap">${when(f.nextFetchAt, tz)} <span class="muted">(toutes les ${duration(f.intervalS)})</span></td>
<td>${f.medianDelayS === null ? '—' : html`${duration(f.medianDelayS)} <span class="muted">(médiane sur ${f.delaySamples})</span>`}</td>
</tr>\n`,
)}</tbody>
</table>`;
}

export function registerHealth(app: FastifyInstance, deps: AdminDeps): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, failingOnly: boolean) => {
    const { user } = operatorOf(request);
    const all = await feedHealth(deps.store, deps.now());
    const failing = all.filter((f) => f.sourceEnabled && isFailing(f));
    const feeds = failingOnly ? failing : all;
    const tz = deps.site.site.timezone;
    return sendPage(
      reply,
      adminPage({
        title: failingOnly ? 'Flux en erreur' : 'Santé des flux',
        section: 'health',
        user,
        body: html`<h1 class="page-title">${failingOnly ? 'Flux en erreur' : 'Santé des flux'}</h1>
<p>${failingOnly ? html`<a href="/admin/health">Tous les flux (${all.length})</a>` : html`<a href="/admin/health/failing">Seulement les flux en erreur (${failing.length})</a>`}</p>
<p class="muted">Articles par jour et délai : articles publiés ces 7 derniers jours. Le délai va de la date de publication annoncée par l’éditeur à l’entrée dans Kiosque.</p>
${feeds.length ? table(feeds, tz) : html`<p class="empty">${failingOnly ? 'Aucun flux en erreur.' : 'Aucun flux.'}</p>`}`,
      }),
    );
  };
  app.get('/admin/health', (request, reply) => show(request, reply, false));
  app.get('/admin/health/failing', (request, reply) => show(request, reply, true));
}
