// The console's front page (counts and where to go) and the audit log of
// every operator action: who, what, when, on what.
import type { FastifyInstance } from 'fastify';
import { consoleCounts, listAudit } from '../../store/index.ts';
import { html } from '../html.ts';
import { type AdminDeps, operatorOf } from './context.ts';
import { adminPage, flashFrom, sendPage, when } from './layout.ts';

const AUDIT_PAGE = 100;

/** What an audit action means, in the console's words. */
const ACTIONS: Record<string, string> = {
  login: 'connexion',
  logout: 'déconnexion',
  'operator.create': 'opérateur créé',
  'operator.password': 'mot de passe changé',
  'image.block': 'image bloquée',
  'image.unblock': 'image débloquée',
  'image.confirm': 'blocage confirmé',
  'source.threshold': 'seuil de signalements',
  'source.create': 'source ajoutée',
  'source.edit': 'source modifiée',
  'source.enable': 'source réactivée',
  'source.disable': 'source mise en pause',
  'source.release': 'source rendue au fichier',
  'source.import': 'import OPML',
  'source.export': 'export OPML',
  'takedown.article': 'article retiré',
  'takedown.source': 'source retirée',
};

export function registerHome(app: FastifyInstance, deps: AdminDeps): void {
  app.get('/admin', async (request, reply) => {
    const { user } = operatorOf(request);
    const counts = await consoleCounts(deps.store);
    return sendPage(
      reply,
      adminPage({
        title: 'Tableau de bord',
        section: 'home',
        user,
        flash: flashFrom(request.query),
        body: html`<h1 class="page-title">Tableau de bord</h1>
<ul class="stats">
<li><strong>${counts.sources}</strong> sources actives</li>
<li><strong>${counts.feeds}</strong> flux</li>
<li><strong>${counts.failing}</strong> <a href="/admin/health/failing">flux en erreur</a></li>
<li><strong>${counts.takedowns}</strong> <a href="/admin/takedowns">retraits</a></li>
</ul>
<ul>
<li><a href="/admin/moderation">Modération</a> : les images signalées et bloquées, les seuils par source.</li>
<li><a href="/admin/sources">Sources</a> : ajouter (avec essai du flux), modifier, mettre en pause, OPML.</li>
<li><a href="/admin/health">Santé des flux</a> : dernier relevé, erreurs, articles par jour, délai de publication.</li>
<li><a href="/admin/takedowns">Retraits</a> : un article ou une source, à la demande de l’éditeur.</li>
<li><a href="/admin/audit">Journal</a> : chaque action des opérateurs.</li>
</ul>`,
      }),
    );
  });

  app.get<{ Querystring: { avant?: string; operateur?: string } }>('/admin/audit', async (request, reply) => {
    const { user } = operatorOf(request);
    const before = /^\d{1,15}$/.test(request.query.avant ?? '') ? Number(request.query.avant) : null;
    const operator = request.query.operateur?.slice(0, 100) || null;
    const { items, next } = await listAudit(deps.store, { limit: AUDIT_PAGE, beforeId: before, operator });
    const tz = deps.site.site.timezone;
    const more = next
      ? `/admin/audit?avant=${next}${operator ? `&operateur=${encodeURIComponent(operator)}` : ''}`
      : null;
    return sendPage(
      reply,
      adminPage({
        title: 'Journal',
        section: 'audit',
        user,
        body: html`<h1 class="page-title">Journal des actions</h1>
${operator ? html`<p>Actions de <strong>${operator}</strong> · <a href="/admin/audit">toutes</a></p>\n` : ''}${
  items.length
    ? html`<table class="admin">
<thead><tr><th>Quand</th><th>Qui</th><th>Quoi</th><th>Sur quoi</th><th>Détails</th></tr></thead>
<tbody>
${items.map(
  (e) =>
    html`<tr><td class="nowrap"><time datetime="${e.at}">${when(e.at, tz)}</time></td><td><a href="/admin/audit?operateur=${encodeURIComponent(e.operatorName)}">${e.operatorName}</a></td><td>${ACTIONS[e.action] ?? e.action} <span class="muted">(${e.action})</span></td><td>${e.target ?? ''}</td><td>${e.details ?? ''}</td></tr>\n`,
)}</tbody>
</table>`
    : html`<p class="empty">Aucune action enregistrée.</p>`
}
${more ? html`<nav class="pager" aria-label="pagination"><a rel="next" href="${more}">Plus anciennes</a></nav>` : ''}`,
      }),
    );
  });
}
