// Moderation: the images readers reported and the blocked ones, with their
// thumbnail (/img/<id>), counts and the articles that use them; block by
// hand, confirm, unblock; the per-source report threshold. The rules live in
// src/moderation; this is their console.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  blockImageByOperator,
  confirmImageBlock,
  listBlockedImages,
  listReportedImages,
  listSourceThresholds,
  type ModeratedImage,
  setSourceThreshold,
  unblockImageByOperator,
} from '../../moderation/index.ts';
import { audit } from '../../store/index.ts';
import { html } from '../html.ts';
import { paths } from '../site/paths.ts';
import { type AdminDeps, field, operatorOf } from './context.ts';
import { adminPage, csrfField, flashFrom, sendPage, when } from './layout.ts';

const LIST = 100;

export function registerModeration(app: FastifyInstance, deps: AdminDeps): void {
  const tz = () => deps.site.site.timezone;

  async function articleLink(a: ModeratedImage['articles'][number]) {
    const eds = await deps.site.editions();
    const ed = eds.find((e) => e.sourceById.has(a.source.id));
    return ed ? paths.article(ed.config, a.source.slug, a.id) : null;
  }

  async function imageRows(images: ModeratedImage[], csrf: string) {
    return Promise.all(
      images.map(async (img) => {
        const links = await Promise.all(img.articles.map(async (a) => ({ a, href: await articleLink(a) })));
        return html`<tr>
<td><a href="${img.thumbnail}"><img class="thumb-admin" src="${img.thumbnail}" alt="image n° ${img.id}" loading="lazy" width="120" height="68"></a><br><span class="muted">n° ${img.id}</span></td>
<td><strong>${img.reports}</strong> / ${img.threshold}${img.allReports !== img.reports ? html` <span class="muted">(${img.allReports} en tout)</span>` : ''}<br><span class="muted">${when(img.lastReportAt, tz())}</span></td>
<td>${img.blocked ? html`bloquée${img.blockedBySameBytes ? ' (mêmes octets qu’une image bloquée)' : ''} <span class="muted">${when(img.blockedAt, tz())}</span>` : 'visible'}${img.decision ? html`<br><span class="muted">${img.decision.status} par ${img.decision.by}${img.decision.reason ? ` : ${img.decision.reason}` : ''}</span>` : ''}</td>
<td>${links.length ? html`<ul>${links.map(({ a, href }) => html`<li>${href ? html`<a href="${href}">${a.title}</a>` : a.title} <span class="muted">(${a.source.name})</span></li>`)}</ul>` : html`<span class="muted">aucun article</span>`}</td>
<td><div class="actions">
${img.blocked ? '' : html`<form method="post" action="/admin/moderation/images/${img.id}/block">${csrfField(csrf)}<button type="submit" class="danger">Bloquer</button></form>`}
${img.blocked ? html`<form method="post" action="/admin/moderation/images/${img.id}/confirm">${csrfField(csrf)}<button type="submit">Confirmer</button></form>` : ''}
${img.blocked ? html`<form method="post" action="/admin/moderation/images/${img.id}/unblock">${csrfField(csrf)}<button type="submit">Débloquer</button></form>` : ''}
</div></td>
</tr>\n`;
      }),
    );
  }

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: string | null = null,
    status = 200,
  ) => {
    const { user } = operatorOf(request);
    const dflt = deps.reportThreshold;
    const [reported, blocked, thresholds] = await Promise.all([
      listReportedImages(deps.store, { limit: LIST, defaultThreshold: dflt }),
      listBlockedImages(deps.store, { limit: LIST, defaultThreshold: dflt }),
      listSourceThresholds(deps.store),
    ]);
    const head = html`<thead><tr><th>Image</th><th>Signalements / seuil</th><th>État</th><th>Articles</th><th>Actions</th></tr></thead>`;
    return sendPage(
      reply,
      adminPage({
        title: 'Modération',
        section: 'moderation',
        user,
        flash: error ? { kind: 'error', text: error } : flashFrom(request.query),
        body: html`<h1 class="page-title">Modération des images</h1>
<ul class="stats"><li><strong>${reported.length}</strong> signalées</li><li><strong>${blocked.length}</strong> bloquées</li><li><strong>${dflt}</strong> lecteurs distincts bloquent une image (par défaut)</li></ul>
<section aria-labelledby="mod-reported">
<h2 id="mod-reported">Images signalées</h2>
${reported.length ? html`<table class="admin">${head}<tbody>${await imageRows(reported, user.csrf)}</tbody></table>` : html`<p class="empty">Aucune image signalée en attente.</p>`}
</section>
<section aria-labelledby="mod-blocked">
<h2 id="mod-blocked">Images bloquées</h2>
${blocked.length ? html`<table class="admin">${head}<tbody>${await imageRows(blocked, user.csrf)}</tbody></table>` : html`<p class="empty">Aucune image bloquée.</p>`}
</section>
<section aria-labelledby="mod-hand">
<h2 id="mod-hand">Bloquer une image à la main</h2>
<form class="stack" method="post" action="/admin/moderation/block">
${csrfField(user.csrf)}
<label>Image <span class="hint">son numéro ou son adresse /img/123</span><input type="text" name="image" required maxlength="300"></label>
<label>Motif <span class="hint">facultatif</span><input type="text" name="reason" maxlength="500"></label>
<button type="submit" class="danger">Bloquer</button>
</form>
</section>
<section aria-labelledby="mod-thresholds">
<h2 id="mod-thresholds">Seuil par source</h2>
<p class="muted">Pour une source de confiance, relevez le nombre de lecteurs distincts qu’il faut pour bloquer une de ses images. Vide : le seuil par défaut (${dflt}).</p>
<table class="admin"><thead><tr><th>Source</th><th>Seuil</th></tr></thead><tbody>
${thresholds.map(
  (t) =>
    html`<tr><td>${t.name} <span class="muted">(${t.slug})</span></td><td><form class="actions" method="post" action="/admin/moderation/thresholds">${csrfField(user.csrf)}<input type="hidden" name="source" value="${t.slug}"><input type="number" name="threshold" min="1" max="1000000" value="${t.threshold ?? ''}" aria-label="Seuil pour ${t.name}"><button type="submit">Enregistrer</button></form></td></tr>\n`,
)}</tbody></table>
</section>`,
      }),
      status,
    );
  };

  app.get('/admin/moderation', (request, reply) => show(request, reply));

  const idOf = (raw: string): number | null => {
    const m = /^(?:.*\/img\/)?(\d{1,15})\/?$/.exec(raw.trim());
    return m ? Number(m[1]) : null;
  };

  type Act = (
    store: AdminDeps['store'],
    id: number,
    operator: string,
    reason: string | null,
    now: Date,
  ) => Promise<boolean>;
  const actions: Array<[string, Act, string, string]> = [
    ['block', blockImageByOperator, 'image.block', 'image-blocked'],
    ['unblock', unblockImageByOperator, 'image.unblock', 'image-unblocked'],
    ['confirm', confirmImageBlock, 'image.confirm', 'image-confirmed'],
  ];
  for (const [verb, act, action, msg] of actions) {
    app.post<{ Params: { id: string } }>(`/admin/moderation/images/:id/${verb}`, async (request, reply) => {
      const { actor } = operatorOf(request);
      const id = idOf(request.params.id);
      const reason = field(request, 'reason').slice(0, 500) || null;
      if (id === null || !(await act(deps.store, id, actor.name, reason, deps.now()))) {
        return show(request, reply, `Il n’y a pas d’image n° ${request.params.id}.`, 404);
      }
      await audit(deps.store, actor, action, `image ${id}`, reason, deps.now());
      return reply.redirect(`/admin/moderation?msg=${msg}`, 303);
    });
  }

  app.post('/admin/moderation/block', async (request, reply) => {
    const { actor } = operatorOf(request);
    const raw = field(request, 'image');
    const id = idOf(raw);
    const reason = field(request, 'reason').slice(0, 500) || null;
    if (id === null)
      return show(
        request,
        reply,
        `« ${raw.slice(0, 100)} » n’est pas un numéro d’image ni une adresse /img/<numéro>.`,
        400,
      );
    if (!(await blockImageByOperator(deps.store, id, actor.name, reason, deps.now()))) {
      return show(request, reply, `Il n’y a pas d’image n° ${id}.`, 404);
    }
    await audit(deps.store, actor, 'image.block', `image ${id}`, reason, deps.now());
    return reply.redirect('/admin/moderation?msg=image-blocked', 303);
  });

  app.post('/admin/moderation/thresholds', async (request, reply) => {
    const { actor } = operatorOf(request);
    const slug = field(request, 'source');
    const raw = field(request, 'threshold');
    if (raw !== '' && !/^\d{1,7}$/.test(raw)) {
      return show(
        request,
        reply,
        `Le seuil doit être un nombre entier de 1 à 1 000 000, pas « ${raw.slice(0, 20)} ».`,
        400,
      );
    }
    const threshold = raw === '' ? null : Number(raw);
    let ok: boolean;
    try {
      ok = await setSourceThreshold(deps.store, slug, threshold);
    } catch (err) {
      return show(request, reply, (err as Error).message, 400);
    }
    if (!ok) return show(request, reply, `Il n’y a pas de source « ${slug.slice(0, 100)} ».`, 404);
    await audit(
      deps.store,
      actor,
      'source.threshold',
      `source ${slug}`,
      threshold === null ? 'par défaut' : String(threshold),
      deps.now(),
    );
    return reply.redirect('/admin/moderation?msg=threshold-saved', 303);
  });
}
