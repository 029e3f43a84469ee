// What "inert" means for sanitized HTML, checked on the parsed output rather
// than by pattern: htmlparser2 (the parser the rest of Kiosque uses) and
// parse5 (the parser browsers implement) must both see only allowlisted
// elements and attributes, and every URL must be http(s) (or mailto: on a
// link) once entities are decoded.
import type { ChildNode as Hp2Node } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { type DefaultTreeAdapterTypes, defaultTreeAdapter, html as parse5Html, parseFragment } from 'parse5';
import { parseSrcset } from '../../src/sanitize/index.ts';

const ATTRIBUTES: Record<string, readonly string[]> = {
  p: [],
  h2: [],
  h3: [],
  h4: [],
  a: ['href', 'rel'],
  img: ['src', 'srcset', 'alt', 'width', 'height'],
  figure: [],
  figcaption: [],
  blockquote: [],
  ul: [],
  ol: [],
  li: [],
  strong: [],
  em: [],
  b: [],
  i: [],
  br: [],
  hr: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: [],
  td: [],
};

function checkUrl(value: string, link: boolean, where: string, problems: string[]): void {
  const squeezed = value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\ufeff]/g, '').toLowerCase();
  if (/^(?:javascript|data|vbscript|livescript|file|blob|about|filesystem):/.test(squeezed)) {
    problems.push(`${where}: dangerous URL ${JSON.stringify(value)}`);
    return;
  }
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    problems.push(`${where}: URL not absolute ${JSON.stringify(value)}`);
    return;
  }
  const ok = protocol === 'http:' || protocol === 'https:' || (link && protocol === 'mailto:');
  if (!ok) problems.push(`${where}: scheme ${protocol} in ${JSON.stringify(value)}`);
}

function checkElement(tag: string, attrs: Array<[string, string]>, problems: string[]): void {
  const allowed = ATTRIBUTES[tag];
  if (!allowed) {
    problems.push(`element <${tag}> is not allowlisted`);
    return;
  }
  for (const [name, value] of attrs) {
    if (/^on/i.test(name)) problems.push(`<${tag}> has handler ${name}`);
    if (name !== 'dir' && name !== 'lang' && !allowed.includes(name))
      problems.push(`<${tag}> has attribute ${name}`);
    if (name === 'href') checkUrl(value, true, `<${tag} href>`, problems);
    if (name === 'src') checkUrl(value, false, `<${tag} src>`, problems);
    if (name === 'srcset') {
      const candidates = parseSrcset(value);
      if (candidates.length === 0) problems.push(`<${tag} srcset> is empty`);
      for (const c of candidates) checkUrl(c.url, false, `<${tag} srcset>`, problems);
    }
    if (name === 'rel' && value !== 'noopener nofollow ugc') problems.push(`<a rel> is ${value}`);
  }
  if (tag === 'a' && !attrs.some(([n]) => n === 'href')) problems.push('<a> without href');
  if (tag === 'img' && !attrs.some(([n]) => n === 'src')) problems.push('<img> without src');
}

function walkHtmlparser2(nodes: Hp2Node[], problems: string[]): void {
  for (const node of nodes) {
    if (node.type === 'script' || node.type === 'style') problems.push(`htmlparser2 sees <${node.name}>`);
    if (node.type === 'comment' || node.type === 'cdata' || node.type === 'directive') {
      problems.push(`htmlparser2 sees a ${node.type}`);
    }
    if ('name' in node && 'attribs' in node) {
      checkElement(node.name, Object.entries(node.attribs), problems);
    }
    if ('children' in node) walkHtmlparser2(node.children as Hp2Node[], problems);
  }
}

const CONTEXT = defaultTreeAdapter.createElement('div', parse5Html.NS.HTML, []);

function walkParse5(nodes: DefaultTreeAdapterTypes.ChildNode[], problems: string[]): void {
  for (const node of nodes) {
    if (node.nodeName === '#comment') problems.push('parse5 sees a comment');
    if (!('tagName' in node)) continue;
    if (node.namespaceURI !== parse5Html.NS.HTML)
      problems.push(`parse5 sees foreign element <${node.tagName}>`);
    checkElement(
      node.tagName,
      node.attrs.map((a) => [a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value]),
      problems,
    );
    walkParse5(node.childNodes, problems);
  }
}

/** Every reason `html` is not inert; empty when it is. */
export function inertnessProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<\s*\/?\s*script/i.test(html)) problems.push('the string contains <script');
  walkHtmlparser2(parseDocument(html).children, problems);
  walkParse5(parseFragment(CONTEXT, html, { scriptingEnabled: true }).childNodes, problems);
  return problems;
}
