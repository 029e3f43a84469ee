// src/sanitize: third-party article HTML to HTML our pages can embed as is.
// Pure: no I/O. The one entry point is sanitizeArticleHtml(html, baseUrl).
//
// Why our own allowlist walk over parse5 rather than a sanitizer library —
// measured on this machine (2 cores, Node 20) on synthetic CMS article bodies
// (test/sanitize/sample-article.ts), p50 per call, same run:
//
//   article size                         5 KB      20 KB     200 KB
//   parse5 parse+serialize (floor)      0.17 ms   0.62 ms    8.3 ms
//   sanitize-html 2.17.5                0.19 ms   0.73 ms    7.6 ms
//   DOMPurify 3.5.0 + jsdom 26.1.0      4.2 ms   27.8 ms    453 ms  (p95 64 ms at 20 KB)
//   DOMPurify 3.5.0 + linkedom 0.18.15  returns its input: isSupported is false,
//                                       "<script>" and onerror come out untouched
//   this module (parse5 8.1.1 + rules)  0.34 ms   1.27 ms   16.9 ms  (p95 1.9 ms at 20 KB)
//
// (sanitize-html and DOMPurify configured with the same allowlist but none of
// the lazy-image, tracker or paragraph rules; this module about 2× its own
// parse5 floor at every size — `node --import tsx test/sanitize/measure-speed.ts`,
// machine shared, load average about 5 during the run.)
//
// - DOMPurify on jsdom is the reference sanitizer but 40× slower than the
//   parse floor at 20 KB and superlinear beyond; on linkedom it silently does
//   nothing. Neither fits a crawler that sanitizes every article.
// - sanitize-html is fast, but (1) its htmlparser2 is not the HTML standard's
//   tree builder, so it judges a different tree than the browser builds for
//   noscript, iframe, xmp, tables and misnested tags — the root of mutation
//   XSS; (2) our rules need context across elements (a placeholder <img>
//   replaced by the <noscript> after it, an <a> unwrapped when its href goes,
//   the image list, paragraphs out of unwrapped <div>s), which its per-tag
//   hooks cannot express without a second parse; (3) releases after 2.17.5
//   require Node 22, so on Node 20 we would be pinned to a release that gets
//   no fixes.
// - parse5 is the WHATWG parser (jsdom's), has no dependency but `entities`
//   (already ours), and lets the walk judge exactly the tree a browser will
//   build. The walk builds a new tree from allowlisted parts only, so nothing
//   unlisted can leak through; the XSS suite (test/sanitize/xss.test.ts) and
//   the headless-Chromium test (test/sanitize/browser.test.ts) prove it.
//
// The self-check below runs at import: if a parse5 upgrade ever changed the
// tree we walk so that a <script> or an onerror got through, the process
// fails at start instead of serving them.
import { sanitizeArticleHtml } from './sanitize.ts';

export type { SanitizedHtml } from './sanitize.ts';
export { sanitizeArticleHtml, sanitizeArticleHtmlWithTokens } from './sanitize.ts';
export type { MarkupTokens } from './serialize.ts';
export { isTrackerUrl, TRACKER_HOSTS } from './trackers.ts';
export { parseSrcset, safeUrl } from './urls.ts';

/** Throws unless the sanitizer removes a script, an event handler and a javascript: URL. */
export function assertSanitizerWorks(): void {
  const probe =
    '<p>ok<script>window.__x=1</script><img src="https://a.example/i.jpg" onerror="alert(1)">' +
    '<a href="jav&#x09;ascript:alert(1)">x</a><svg onload="alert(1)"></svg></p>';
  const { html, images } = sanitizeArticleHtml(probe, 'https://a.example/');
  const expected = '<p>ok<img src="https://a.example/i.jpg">x</p>';
  if (html !== expected || images.length !== 1) {
    throw new Error(`sanitizer self-check failed: expected ${expected}, got ${html}`);
  }
}

assertSanitizerWorks();
