// What article HTML may keep. An allowlist: anything not named here is either
// unwrapped (its text stays) or, for the elements below that carry code,
// styles, forms, embedded documents or foreign markup, dropped with all of
// its content.

/** Elements kept (after renaming), with the attributes each may keep besides dir and lang. */
export const ALLOWED_TAGS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['p', []],
  ['h2', []],
  ['h3', []],
  ['h4', []],
  ['a', ['href']],
  ['img', ['src', 'srcset', 'alt', 'width', 'height']],
  ['figure', []],
  ['figcaption', []],
  ['blockquote', []],
  ['ul', []],
  ['ol', []],
  ['li', []],
  ['strong', []],
  ['em', []],
  ['b', []],
  ['i', []],
  ['br', []],
  ['hr', []],
  ['table', []],
  ['thead', []],
  ['tbody', []],
  ['tr', []],
  ['th', []],
  ['td', []],
]);

/**
 * Headings outside our range: the page title is our own h1, so an article's
 * h1 becomes the top heading inside it; h5 and h6 fold into h4. tfoot rows
 * stay rows (a tbody), since unwrapping tfoot would leave rows the parser
 * re-wraps differently on the next pass.
 */
export const RENAMED_TAGS: ReadonlyMap<string, string> = new Map([
  ['h1', 'h2'],
  ['h5', 'h4'],
  ['h6', 'h4'],
  ['tfoot', 'tbody'],
]);

/**
 * Dropped with everything inside them: code, styles, forms, embedded
 * documents, document metadata; and a ruby's annotations (<rt>, <rp>: the
 * reading printed above a Japanese or Chinese word; without ruby, which
 * is not kept, they would run into the text, "子こども").
 */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'rt',
  'rp',
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'svg',
  'math',
  'template',
  'noscript',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'input',
  'frame',
  'frameset',
  'applet',
  'base',
  'basefont',
  'bgsound',
  'meta',
  'link',
  'head',
  'title',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
  'canvas',
  'audio',
  'video',
  'source',
  'track',
  'param',
  'map',
  'area',
  'dialog',
  'portal',
  'fencedframe',
  'keygen',
  'colgroup',
  'col',
]);

/**
 * Block elements that are unwrapped: when they sit where paragraphs may, the
 * text runs inside them become paragraphs, so "<div>a</div><div>b</div>"
 * does not read "ab".
 */
export const BLOCK_UNWRAPPED: ReadonlySet<string> = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'address',
  'center',
  'pre',
  'dl',
  'dt',
  'dd',
  'details',
  'summary',
  'fieldset',
  'legend',
  'hgroup',
  'caption',
]);

/** Kept elements whose content may be paragraphs. */
export const FLOW_CONTAINERS: ReadonlySet<string> = new Set(['blockquote', 'li', 'td', 'th', 'figure']);

/** Kept elements that are text-level: a run of them (and text) can become one paragraph. */
export const PHRASING_TAGS: ReadonlySet<string> = new Set(['a', 'img', 'strong', 'em', 'b', 'i', 'br']);

/** Kept elements removed when nothing is left inside them. */
export const REMOVED_WHEN_EMPTY: ReadonlySet<string> = new Set([
  'table',
  'p',
  'h2',
  'h3',
  'h4',
  'a',
  'strong',
  'em',
  'b',
  'i',
  'blockquote',
  'figcaption',
  'ul',
  'ol',
]);
