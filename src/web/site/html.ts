// The site's templates use the web's one set of HTML helpers (../html.ts);
// this path stays for the modules that still import them from here.
export { escapeHtml, Html, html, jsonForScript, safeHttpUrl, trustedHtml } from '../html.ts';
