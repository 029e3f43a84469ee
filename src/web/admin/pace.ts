// A source's pace (issue 18), at /admin/sources/<slug>: its rhythm by hour
// of the week (the one the crawler learned: quiet hours, rush hours), its
// politeness budget and how much of it the last hour and day used, what
// came by WebSub push instead, and the measured delay from each article's
// own date to its arrival.
import type { FastifyInstance } from 'fastify';
import {
  HOURS_A_WEEK,
  learnRhythm,
  type Rhythm,
  RHYTHM_MIN_ARTICLES,
  RHYTHM_MIN_DAYS,
  RHYTHM_WINDOW_DAYS,
  rhythmAt,
} from '../../ingest/rhythm.ts';
import { listConsoleSources, type SourcePace, sourceHistory, sourcePace } from '../../store/index.ts';
import { html, safeHttpUrl } from '../html.ts';
import { type AdminDeps, operatorOf } from './context.ts';
import { adminPage, duration, sendPage, when } from './layout.ts';

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const WEBSUB_STATE: Record<string, string> = {
  pending: 'demandé, en attente de vérification',
  active: 'actif',
  denied: 'refusé',
};

function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The week as a table: one row a day, one cell an hour, shaded by the articles expected then. */
function rhythmTable(rhythm: Rhythm) {
  const mean = rhythm.total / (rhythm.weeks * HOURS_A_WEEK);
  const cell = (slot: number) => {
    const perHour = rhythm.slots[slot]! / rhythm.weeks;
    // Five shades, from none to twice the mean and more.
    const level = perHour === 0 ? 0 : Math.min(4, 1 + Math.floor((perHour / Math.max(mean, 1e-9)) * 1.5));
    return html`<td class="r${level}" title="${perHour.toFixed(1)} / h">${perHour >= 1 ? Math.round(perHour) : perHour > 0 ? '·' : ''}</td>`;
  };
  return html`<table class="admin rhythm">
<caption>Articles par heure, moyenne de ${rhythm.weeks.toFixed(1)} semaines (${rhythm.total} articles), heure de ${rhythm.timezone}</caption>
<thead><tr><th></th>${Array.from({ length: 24 }, (_, h) => html`<th>${String(h)}</th>`)}</tr></thead>
<tbody>
${DAYS.map((day, d) => html`<tr><th>${day}</th>${Array.from({ length: 24 }, (_, h) => cell(d * 24 + h))}</tr>\n`)}</tbody>
</table>`;
}

function budgetSection(pace: SourcePace, perHour: number) {
  const feeds = pace.feeds.length;
  return html`<h2>Budget de politesse</h2>
<ul class="stats">
<li><strong>${String(pace.requestsLastHour)}</strong> requêtes la dernière heure, sur ${String(perHour)} permises (${String(Math.round((100 * pace.requestsLastHour) / perHour))} %)</li>
<li><strong>${(pace.requestsLastDay / 24).toFixed(1)}</strong> requêtes par heure en moyenne sur 24 h</li>
<li><strong>${String(pace.pushesLastDay)}</strong> envois WebSub reçus sur 24 h (aucune requête à l’éditeur)</li>
</ul>
<p class="muted">${String(perHour)} requêtes par heure au plus pour la publication (KIOSQUE_FEED_REQUESTS_PER_HOUR), partagées entre ses ${String(feeds)} flux : chacun au plus toutes les ${duration((3600 * Math.max(1, feeds)) / perHour)}. Jamais deux à la fois ; robots.txt et Retry-After d’abord.</p>`;
}

function delaySection(pace: SourcePace) {
  const sorted = [...pace.delaysS].sort((a, b) => a - b);
  if (!sorted.length)
    return html`<h2>Délai mesuré</h2><p class="empty">Aucun article daté ces 7 derniers jours.</p>`;
  return html`<h2>Délai mesuré</h2>
<ul class="stats">
<li><strong>${duration(quantile(sorted, 0.5))}</strong> médiane</li>
<li><strong>${duration(quantile(sorted, 0.95))}</strong> 95e centile</li>
<li><strong>${duration(sorted[sorted.length - 1]!)}</strong> maximum</li>
</ul>
<p class="muted">De la date de publication annoncée par l’éditeur à l’entrée dans Kiosque, sur ${String(sorted.length)} articles des 7 derniers jours (un arrivé plus d’un jour après sa date est un rattrapage, pas un retard, et n’est pas compté).</p>`;
}

function feedsSection(pace: SourcePace, tz: string) {
  return html`<h2>Flux</h2>
<table class="admin">
<thead><tr><th>Flux</th><th>Relevé</th><th>Prochain relevé</th><th>WebSub</th></tr></thead>
<tbody>
${pace.feeds.map((f) => {
  const href = safeHttpUrl(f.url);
  const ws = f.websub;
  return html`<tr>
<td>${href ? html`<a href="${href}" rel="noopener noreferrer">${f.url}</a>` : f.url}${f.category ? html` <span class="muted">${f.category}</span>` : ''}</td>
<td class="nowrap">${when(f.lastFetchedAt, tz)} <span class="muted">(${f.status})</span></td>
<td class="nowrap">${when(f.nextFetchAt, tz)} <span class="muted">(toutes les ${duration(f.intervalS)})</span></td>
<td>${ws ? html`${WEBSUB_STATE[ws.state] ?? ws.state} <span class="muted">via ${ws.hub}</span>${ws.leaseUntil ? html` <span class="muted">jusqu’au ${when(ws.leaseUntil, tz)}</span>` : ''}<br>${String(ws.pushes)} envois${ws.lastPushAt ? html`, le dernier ${when(ws.lastPushAt, tz)}` : ''}${ws.reason ? html`<br><span class="muted">${ws.reason}</span>` : ''}` : html`<span class="muted">pas de hub</span>`}</td>
</tr>\n`;
})}</tbody>
</table>`;
}

export function registerPace(app: FastifyInstance, deps: AdminDeps): void {
  app.get<{ Params: { slug: string } }>('/admin/sources/:slug', async (request, reply) => {
    const { user } = operatorOf(request);
    const source = (await listConsoleSources(deps.store)).find((s) => s.config.slug === request.params.slug);
    if (!source)
      return sendPage(
        reply,
        adminPage({
          title: 'Source inconnue',
          section: 'sources',
          user,
          body: html`<h1 class="page-title">Source inconnue</h1><p><a href="/admin/sources">Toutes les sources</a></p>`,
        }),
        404,
      );
    const now = deps.now();
    const zone = source.config.timezone;
    const [pace, history] = await Promise.all([
      sourcePace(deps.store, source.id, now),
      sourceHistory(
        deps.store,
        source.id,
        new Date(now.getTime() - RHYTHM_WINDOW_DAYS * 86_400_000).toISOString(),
      ),
    ]);
    const rhythm = learnRhythm(
      history.dates.map((d) => new Date(d)),
      now,
      zone,
    );
    const moment = rhythm ? rhythmAt(rhythm, now) : null;
    const tz = deps.site.site.timezone;
    return sendPage(
      reply,
      adminPage({
        title: source.config.name,
        section: 'sources',
        user,
        body: html`<h1 class="page-title">${source.config.name}</h1>
<p><a href="/admin/sources/${source.config.slug}/edit">Modifier</a> · <a href="/admin/health">Santé des flux</a></p>
<h2>Rythme</h2>
${
  rhythm && moment
    ? html`<p>En ce moment : ${moment.quiet ? html`<strong>heures calmes</strong> jusqu’au ${when(moment.quietUntil?.toISOString(), tz)} : les flux ne sont demandés que toutes les 30 min, sauf si un article est paru dans l’heure` : moment.rush ? html`<strong>heure de pointe</strong> : les flux sont demandés aussi souvent que le budget le permet` : 'heures ordinaires'} (${moment.perHour.toFixed(1)} articles attendus par heure, ${moment.meanPerHour.toFixed(1)} en moyenne).</p>
${rhythmTable(rhythm)}`
    : html`<p class="empty">Pas encore assez d’historique pour un rythme (${String(RHYTHM_MIN_DAYS)} jours et ${String(RHYTHM_MIN_ARTICLES)} articles datés) : ${String(history.dates.length)} articles sur ${String(RHYTHM_WINDOW_DAYS)} jours.</p>`
}
${budgetSection(pace, deps.feedRequestsPerHour)}
${delaySection(pace)}
${feedsSection(pace, tz)}`,
      }),
    );
  });
}
