// The console's page shell and the small pieces every section uses: the
// CSRF field, dates in the site's zone, durations, flash messages. Plain
// server-rendered HTML in French, no script, no inline style.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import { SITE_CSS } from '../site/assets.ts';
import { type Html, html } from '../html.ts';

const cssBody = readFileSync(new URL('./admin.css', import.meta.url));
const cssHash = createHash('sha256').update(cssBody).digest('hex').slice(0, 12);
/** The console's stylesheet, beside the site's, under a URL that changes with its content. */
export const ADMIN_CSS = {
  path: `/static/admin.${cssHash}.css`,
  body: cssBody,
  etag: `"${cssHash}"`,
};

export type Section = 'home' | 'moderation' | 'sources' | 'health' | 'takedowns' | 'audit' | null;

const NAV: Array<[Exclude<Section, null>, string, string]> = [
  ['home', '/admin', 'Tableau de bord'],
  ['moderation', '/admin/moderation', 'Modération'],
  ['sources', '/admin/sources', 'Sources'],
  ['health', '/admin/health', 'Santé des flux'],
  ['takedowns', '/admin/takedowns', 'Retraits'],
  ['audit', '/admin/audit', 'Journal'],
];

export interface PageUser {
  name: string;
  csrf: string;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

export function adminPage(options: {
  title: string;
  section: Section;
  user: PageUser | null;
  body: Html;
  flash?: Flash | null;
}): string {
  const { user, section, flash } = options;
  return html`<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.title} — Console Kiosque</title>
<link rel="stylesheet" href="${SITE_CSS.path}">
<link rel="stylesheet" href="${ADMIN_CSS.path}">
</head>
<body>
<a class="skip" href="#main">Aller au contenu</a>
<header class="admin-header">
<div class="wrap admin-bar">
<a class="brand" href="/admin">Console Kiosque</a>
${
  user
    ? html`<nav class="admin-nav" aria-label="Console">
<ul>
${NAV.map(([key, href, label]) => html`<li><a href="${href}"${key === section ? html` aria-current="page"` : ''}>${label}</a></li>\n`)}</ul>
</nav>
<div class="admin-who">
<span>${user.name}</span>
<form method="post" action="/admin/logout">${csrfField(user.csrf)}<button type="submit" class="link">Se déconnecter</button></form>
</div>`
    : ''
}
</div>
</header>
<main id="main" class="wrap admin-main">
${flash ? html`<p class="flash${flash.kind === 'error' ? ' error' : ''}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</p>\n` : ''}${options.body}
</main>
</body>
</html>
`.value;
}

/** Sends a console page: HTML, never stored by anyone. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

/** "29/11/2026 05:12" in the site's zone; "—" for nothing. */
export function when(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(d);
}

/** 45 s, 12 min, 3 h 05, 2 j 4 h. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} j ${hours % 24} h`;
}

/** The messages a redirect after a post may show (?msg=key): fixed texts, nothing from the URL is echoed. */
export const MESSAGES: Record<string, string> = {
  'image-blocked': 'Image bloquée.',
  'image-unblocked': 'Image débloquée ; ses signalements sont écartés.',
  'image-confirmed': 'Blocage confirmé.',
  'threshold-saved': 'Seuil enregistré.',
  'source-created': 'Source ajoutée. Elle sera relevée au prochain passage du robot.',
  'source-saved': 'Source enregistrée. Elle est désormais gérée par la console.',
  'source-disabled': 'Source mise en pause.',
  'source-enabled': 'Source réactivée.',
  'source-released':
    'Source rendue au fichier des sources : il s’appliquera au prochain démarrage (absente du fichier, elle sera mise en pause).',
  'opml-imported': 'Import OPML terminé.',
  'article-taken-down': 'Article retiré. Sa page répond désormais 410.',
  'source-taken-down': 'Source retirée : ses articles sont retirés et elle n’est plus relevée.',
};

export function flashFrom(query: unknown): Flash | null {
  const key = (query as Record<string, unknown> | undefined)?.msg;
  return typeof key === 'string' && MESSAGES[key] ? { kind: 'ok', text: MESSAGES[key] } : null;
}
