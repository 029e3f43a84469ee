// The XSS suite: hostile HTML the sanitizer must make inert. Each vector is
// written with `$P` where its payload goes; xssVectors() replaces it with a
// call to `__xss(<index>)`, which the browser test (browser.test.ts) records
// if anything ever runs. Sources: the OWASP filter evasion cheat sheet,
// DOMPurify's and html5sec.org's mutation-XSS cases, and the tricks each
// rule of the sanitizer exists for.

export interface XssVector {
  id: number;
  name: string;
  html: string;
}

const SCRIPTS: Array<[string, string]> = [
  ['script', '<script>$P</script>'],
  ['script uppercase', '<SCRIPT>$P</SCRIPT>'],
  ['script mixed case', '<ScRiPt>$P</sCrIpT>'],
  ['script split by a nested script', '<scr<script>ipt>$P</scr</script>ipt>'],
  ['script doubled brackets', '<<script>script>$P<</script>/script>'],
  ['script/src data', '<script/src="data:text/javascript,$P"></script>'],
  ['script src unclosed', '<script src=data:,$P>'],
  ['script unclosed', '<p>text<script>$P'],
  ['script type module', '<script type="module">$P</script>'],
  ['script with slash attribute', '<script/x>$P</script>'],
  ['script with newline in tag', '<script\n>$P</script\n>'],
  ['script in paragraph', '<p>a<script>$P</script>b</p>'],
  ['script in table', '<table><tr><td>x</td></tr><script>$P</script></table>'],
  ['script comment trick', '<script>/*</script><script>*/$P</script>'],
  ['script after body', '</body><script>$P</script>'],
  ['script in head', '<head><script>$P</script></head><p>x</p>'],
  [
    'script in full document',
    '<!DOCTYPE html><html><head><script>$P</script></head><body><p>x</p></body></html>',
  ],
  ['svg script', '<svg><script>$P</script></svg>'],
  ['svg script href', '<svg><script href="data:,$P"/></svg>'],
  ['svg script xlink:href', '<svg><script xlink:href="data:,$P"></script></svg>'],
  ['math script', '<math><script>$P</script></math>'],
  ['script in noscript', '<noscript><script>$P</script></noscript>'],
  ['script escaped as text stays text', '<p>&lt;script&gt;$P&lt;/script&gt;</p>'],
];

/** Every tag the allowlist keeps, and the ones renamed or unwrapped, with handlers a browser fires on its own. */
const HANDLER_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figure',
  'figcaption',
  'blockquote',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'b',
  'i',
  'span',
  'div',
  'font',
  'section',
  'details',
  'marquee',
];

const HANDLERS: Array<[string, string]> = [
  ...HANDLER_TAGS.map((t): [string, string] => [
    `${t} with onfocus autofocus, onmouseover, onclick, onanimationstart`,
    `<${t} tabindex="1" autofocus onfocus="$P" onmouseover="$P" onclick="$P" onanimationstart="$P" style="animation:spin 1s">x</${t}>`,
  ]),
  ['a onfocus autofocus', '<a href="https://ok.example/" autofocus onfocus="$P" onmouseover="$P">x</a>'],
  ['a onclick without space', '<a href="https://ok.example/"onclick="$P">x</a>'],
  [
    'table handlers',
    '<table onmouseover="$P"><thead onclick="$P"><tr><th onfocus="$P" autofocus tabindex=1>h</th></tr></thead><tbody><tr onmouseover="$P"><td onclick="$P">d</td></tr></tbody></table>',
  ],
  ['br hr handlers', '<p>a<br onmouseover="$P">b</p><hr onclick="$P">'],
  ['img onerror', '<img src="x" onerror="$P">'],
  ['img onerror unquoted', '<img src=x onerror=$P>'],
  ['img onerror uppercase', '<IMG SRC=x ONERROR="$P">'],
  ['img onerror mixed case', '<img src=x oNeRrOr="$P">'],
  ['img slash separator', '<img/src=x/onerror=$P>'],
  ['img no space before handler', '<img src="x"onerror="$P">'],
  ['img onerror self-closed', '<img src=x onerror=$P />'],
  ['img onerror unterminated', '<img src=x onerror="$P"'],
  ['img onerror unclosed quote', '<img src=1 onerror=$P x="'],
  ['img onload', '<img src="/ok.png" onload="$P">'],
  ['img tab before handler', '<img src=x\tonerror="$P">'],
  ['img form feed before handler', '<img src=x\fonerror="$P">'],
  ['img double open bracket', '<<img src=x onerror=$P>'],
  ['img alt breaking out', '<img src="x" alt="&#x22; onerror=$P">'],
  ['img alt with markup', '<img alt="<script>$P</script>" src="/ok.jpg">'],
  ['img quote confusion', '<img """><script>$P</script>">'],
  ['img eval of src', '<img src=x:$P onerror=eval(src)>'],
  ['image element', '<image src=x onerror="$P">'],
  ['svg onload', '<svg onload="$P">'],
  ['svg g onload', '<svg><g onload="$P"></g></svg>'],
  ['svg animate onbegin', '<svg><animate onbegin="$P" attributeName="x" dur="1s"></animate></svg>'],
  ['svg set handler', '<svg><set attributeName="onmouseover" to="$P"/></svg>'],
  [
    'svg animate href',
    '<svg><a><animate attributeName="href" values="javascript:$P"/><text y="20">x</text></a></svg>',
  ],
  ['body onload', '<body onload="$P"><p>x</p></body>'],
  ['body onpageshow', '<body onpageshow="$P">'],
  ['frameset onload', '<frameset onload="$P">'],
  ['input autofocus onfocus', '<input autofocus onfocus="$P">'],
  ['select autofocus onfocus', '<select autofocus onfocus="$P"><option>x</option></select>'],
  ['textarea autofocus onfocus', '<textarea autofocus onfocus="$P">x</textarea>'],
  ['keygen autofocus onfocus', '<keygen autofocus onfocus="$P">'],
  ['button autofocus onfocus', '<button autofocus onfocus="$P">x</button>'],
  ['details ontoggle', '<details open ontoggle="$P"><summary>s</summary>x</details>'],
  ['marquee onstart', '<marquee onstart="$P">x</marquee>'],
  ['video source onerror', '<video><source onerror="$P"></video>'],
  ['audio onerror', '<audio src="x" onerror="$P"></audio>'],
  ['video poster onerror', '<video poster="x" onerror="$P"></video>'],
  ['iframe onload', '<iframe onload="$P"></iframe>'],
  ['object onerror', '<object data="x" onerror="$P"></object>'],
  ['style onload', '<style onload="$P"></style>'],
  ['link onerror', '<link rel="stylesheet" href="x" onerror="$P">'],
  ['div onpointerenter', '<div onpointerenter="$P">x</div>'],
  ['dir attribute smuggling a handler', '<p dir="rtl onmouseover=$P">x</p>'],
  ['lang attribute smuggling a handler', '<p lang="en&quot; onclick=$P">x</p>'],
  ['entity in attribute name', '<img src=x onerror&#x3d;$P>'],
  ['handler in a custom element', '<my-widget onclick="$P" tabindex=1 autofocus onfocus="$P">x</my-widget>'],
];

// javascript: written every way a browser still reads as javascript:.
const JS_SCHEMES: Array<[string, string]> = [
  ['plain', 'javascript:$P'],
  ['uppercase', 'JAVASCRIPT:$P'],
  ['mixed case', 'JaVaScRiPt:$P'],
  ['tab entity', 'jav&#x09;ascript:$P'],
  ['tab entity decimal', 'jav&#9;ascript:$P'],
  ['newline entity', 'jav&#x0A;ascript:$P'],
  ['carriage return entity', 'jav&#x0D;ascript:$P'],
  ['named tab entity', 'javas&Tab;cript:$P'],
  ['named newline entity', 'javas&NewLine;cript:$P'],
  ['literal tab', 'jav\tascript:$P'],
  ['literal newline', 'jav\nascript:$P'],
  ['decimal entity with semicolon', '&#106;avascript:$P'],
  ['decimal entity without semicolon', '&#106avascript:$P'],
  ['hex entity with semicolon', '&#x6A;avascript:$P'],
  ['hex entity without semicolon', '&#x6Aavascript:$P'],
  [
    'zero-padded entities',
    '&#0000106;&#0000097;&#0000118;&#0000097;&#0000115;&#0000099;&#0000114;&#0000105;&#0000112;&#0000116;&#0000058;$P',
  ],
  ['all hex entities', '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;$P'],
  ['colon entity', 'javascript&colon;$P'],
  ['colon decimal entity', 'javascript&#58;$P'],
  ['leading spaces', '   javascript:$P'],
  ['leading control character entity', '&#1;javascript:$P'],
  ['leading literal control character', '\u0001javascript:$P'],
  ['leading form feed', '\fjavascript:$P'],
  ['leading entity space', '&#x20;javascript:$P'],
  ['leading non-breaking space', '&nbsp;javascript:$P'],
  ['NUL inside', 'java\u0000script:$P'],
  ['NUL entity inside', 'java&#0;script:$P'],
  ['zero-width space inside', 'java\u200bscript:$P'],
  ['comment trick', 'javascript://%0a$P'],
  ['percent-encoded payload', 'javascript:%5F%5Fxss(0)'],
];

const OTHER_SCHEMES: Array<[string, string]> = [
  ['data html', 'data:text/html,<script>$P</script>'],
  ['data html base64', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['data uppercase', 'DATA:text/html,<script>$P</script>'],
  ['data svg', 'data:image/svg+xml,<svg onload="$P"/>'],
  ['data with leading space', ' data:text/html,<script>$P</script>'],
  ['data entity', '&#100;ata:text/html,<script>$P</script>'],
  ['vbscript', 'vbscript:msgbox(1)'],
  ['vbscript uppercase', 'VBScript:msgbox(1)'],
  ['vbscript tab', 'vb&#x09;script:msgbox(1)'],
  ['livescript', 'livescript:$P'],
  ['file', 'file:///etc/passwd'],
  ['blob', 'blob:https://ok.example/0b5e-4c2f'],
  ['about', 'about:blank'],
  ['filesystem', 'filesystem:https://ok.example/temporary/x'],
  ['protocol-relative javascript', '//javascript:$P'],
  ['backslash javascript', '\\\\javascript:$P'],
];

// Where a URL can hide: the allowed attributes, lazy ones, and those of elements that go.
const URL_CONTEXTS: Array<[string, (u: string) => string]> = [
  ['a href', (u) => `<a href="${u}">link</a>`],
  ['img src', (u) => `<img src="${u}" alt="i">`],
  ['img srcset', (u) => `<img srcset="${u} 1x" alt="i">`],
  ['img data-src', (u) => `<img data-src="${u}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`],
];

const URL_VECTORS: Array<[string, string]> = [];
for (const [ctxName, wrap] of URL_CONTEXTS) {
  for (const [schemeName, url] of [...JS_SCHEMES, ...OTHER_SCHEMES]) {
    // A literal quote would end the attribute early: keep the payload inside it.
    URL_VECTORS.push([`${ctxName}: ${schemeName}`, wrap(url.replace(/"/g, '&quot;'))]);
  }
}
URL_VECTORS.push(
  ['a href unquoted javascript', '<a href=javascript:$P>x</a>'],
  ['a href control char then javascript', '<a href="&#1;javascript:$P">x</a>'],
  ['a href javascript with onclick fallback', '<a href="javascript:void(0)" onclick="$P">x</a>'],
  ['srcset javascript candidate among good ones', '<img src="/ok.jpg" srcset="/a.jpg 1x, javascript:$P 2x">'],
  ['srcset javascript first candidate', '<img srcset="javascript:$P 1x, /a.jpg 2x">'],
  ['srcset data candidate', '<img srcset="data:image/svg+xml,x 1x">'],
  ['srcset empty candidates and javascript', '<img srcset=" , ,javascript:$P">'],
  ['srcset javascript with comma in url', '<img srcset="javascript:$P,x 1x">'],
  ['data-srcset javascript', '<img data-srcset="javascript:$P 1x" src="/lazy.gif">'],
  ['form action', '<form action="javascript:$P"><input type="submit"></form>'],
  ['button formaction', '<form><button formaction="javascript:$P">x</button></form>'],
  ['input formaction', '<input type="image" formaction="javascript:$P" src="x">'],
  ['isindex action', '<isindex action="javascript:$P" type="image">'],
  ['iframe src javascript', '<iframe src="javascript:$P"></iframe>'],
  ['iframe src data', '<iframe src="data:text/html,<script>parent.$P</script>"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.$P</script>"></iframe>'],
  ['iframe srcdoc escaped', '<iframe srcdoc="&lt;img src=x onerror=parent.$P&gt;"></iframe>'],
  ['object data javascript', '<object data="javascript:$P"></object>'],
  ['object data html', '<object data="data:text/html,<script>parent.$P</script>"></object>'],
  ['embed src javascript', '<embed src="javascript:$P">'],
  ['embed src data', '<embed src="data:text/html,<script>parent.$P</script>">'],
  ['applet', '<applet code="javascript:$P"></applet>'],
  ['link import', '<link rel="import" href="data:text/html,<script>parent.$P</script>">'],
  ['link stylesheet javascript', '<link rel="stylesheet" href="javascript:$P">'],
  ['meta refresh javascript', '<meta http-equiv="refresh" content="0;url=javascript:$P">'],
  ['meta refresh data', '<meta http-equiv="refresh" content="0; url=data:text/html,<script>$P</script>">'],
  ['base href javascript', '<base href="javascript:$P//"><a href="x">x</a>'],
  ['base href elsewhere', '<base href="https://evil.example/"><a href="/x">x</a>'],
  ['area href', '<map name="m"><area shape="rect" coords="0,0,9,9" href="javascript:$P"></map>'],
  ['video poster', '<video poster="javascript:$P"></video>'],
  ['math href', '<math href="javascript:$P">x</math>'],
  ['math xlink:href', '<math><mi xlink:href="javascript:$P">x</mi></math>'],
  ['math maction', '<math><maction actiontype="statusline" xlink:href="javascript:$P">x</maction></math>'],
  ['svg a xlink:href', '<svg><a xlink:href="javascript:$P"><text x="0" y="20">x</text></a></svg>'],
  ['svg a href', '<svg><a href="javascript:$P"><text x="0" y="20">x</text></a></svg>'],
  ['a xlink:href in html', '<a xlink:href="javascript:$P">x</a>'],
  ['a xmlns', '<a xmlns="http://www.w3.org/2000/svg" href="https://ok.example/">x</a>'],
  [
    'background attribute',
    '<table background="javascript:$P"><tr><td background="javascript:$P">x</td></tr></table>',
  ],
  ['lowsrc and dynsrc', '<img lowsrc="javascript:$P" dynsrc="javascript:$P" src="/ok.jpg">'],
  ['formaction on a', '<a href="https://ok.example/" formaction="javascript:$P">x</a>'],
);

const FOREIGN: Array<[string, string]> = [
  ['svg foreignObject img', '<svg><foreignObject><img src=x onerror="$P"></foreignObject></svg>'],
  ['svg style img', '<svg><style><img src=x onerror="$P"></style></svg>'],
  ['svg closed p style', '<svg></p><style><a id="</style><img src=x onerror=$P>">'],
  ['svg p style', '<svg><p><style><img src=x onerror=$P>'],
  ['svg desc style', '<svg><desc><style><img src=x onerror=$P></style></desc></svg>'],
  ['svg cdata', '<svg><![CDATA[><img src=x onerror=$P>]]></svg>'],
  ['math mglyph style', '<math><mtext><table><mglyph><style><img src=x onerror=$P>'],
  ['math form mglyph', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=$P>'],
  [
    'math h1 a h6 mglyph svg',
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=$P>"></style></h1>',
  ],
  [
    'math annotation-xml',
    '<math><annotation-xml encoding="text/html"><style><img src=x onerror=$P></style></annotation-xml></math>',
  ],
  ['svg then html img', '<svg></svg><img src=x onerror=$P>'],
];

const MUTATION: Array<[string, string]> = [
  ['noscript attribute breakout', '<noscript><p title="</noscript><img src=x onerror=$P>">'],
  ['noscript style breakout', '<noscript><style></noscript><img src=x onerror=$P>'],
  ['noscript img onerror', '<noscript><img src=x onerror=$P></noscript>'],
  [
    'noscript fallback with handler',
    '<img src="/lazy.gif"><noscript><img src="/real.jpg" onload=$P onerror=$P></noscript>',
  ],
  ['template img', '<template><img src=x onerror=$P></template>'],
  ['template script', '<template><script>$P</script></template>'],
  ['select template', '<select><template><img src=x onerror=$P></template></select>'],
  ['style img', '<style><img src=x onerror=$P></style>'],
  ['style closed then img', '<style></style><img src=x onerror=$P>'],
  ['textarea img', '<textarea><img src=x onerror=$P></textarea>'],
  ['textarea end tag with space', '<textarea></textarea ><img src=x onerror=$P>'],
  ['title img', '<title><img src=x onerror=$P></title>'],
  ['xmp img', '<xmp><img src=x onerror=$P></xmp>'],
  ['xmp attribute breakout', '<xmp><p title="</xmp><img src=x onerror=$P>">'],
  ['noembed img', '<noembed><img src=x onerror=$P></noembed>'],
  ['noframes img', '<noframes><img src=x onerror=$P></noframes>'],
  ['iframe img', '<iframe><img src=x onerror=$P></iframe>'],
  ['plaintext img', '<plaintext><img src=x onerror=$P>'],
  ['listing escaped', '<listing>&lt;img src=x onerror=$P&gt;</listing>'],
  ['comment dash trick', '<!--><img src=x onerror=$P>-->'],
  ['comment bang trick', '<!--!><img src=x onerror=$P>-->'],
  ['comment --!> end', '<!-- --!><img src=x onerror=$P>-->'],
  ['comment triple dash', '<!---><img src=x onerror=$P>-->'],
  ['cdata in html', '<![CDATA[><img src=x onerror=$P>]]>'],
  ['processing instruction', '<?xml ><img src=x onerror=$P>?>'],
  ['conditional comment', '<!--[if gte IE 4]><script>$P</script><![endif]-->'],
  ['escaped markup in attribute', '<a href="https://ok.example/" title="&lt;img src=x onerror=$P&gt;">x</a>'],
  ['escaped markup in text', '<p>&lt;img src=x onerror=$P&gt;</p>'],
  ['attribute end in title', '<p title="</p><img src=x onerror=$P>">x</p>'],
  ['quote in attribute value', '<a href="https://ok.example/" title="&quot;><img src=x onerror=$P>">x</a>'],
  ['form nesting', '<div id="a"><form id="b"></div><img src=x onerror=$P>'],
  ['table foster parenting', '<table><img src=x onerror=$P><tr><td>x</td></tr></table>'],
  ['table caption', '<table><caption><img src=x onerror=$P></caption><tr><td>x</td></tr></table>'],
  ['backtick attribute', '<img src="x` onerror=$P>'],
  ['nested formatting', '<b><i><b><i><b><img src=x onerror=$P></b></i></b></i></b>'],
  ['misnested anchor', '<a href="https://ok.example/"><div><a href="javascript:$P">x</a></div></a>'],
];

const CSS: Array<[string, string]> = [
  ['style url javascript', '<p style="background:url(javascript:$P)">x</p>'],
  ['style expression', '<div style="width:expression($P)">x</div>'],
  ['style behavior', '<p style="behavior:url(x.htc)">x</p>'],
  ['style moz-binding', '<p style="-moz-binding:url(https://evil.example/x.xml#xss)">x</p>'],
  ['style url with control char', '<div style="background-image:url(&#1;javascript:$P)">x</div>'],
  ['style element import', "<style>@import 'javascript:$P';</style>"],
  ['style element url', '<style>p{background:url("javascript:$P")}</style><p>x</p>'],
  ['style element expression', '<style>*{x:expression($P)}</style>'],
  [
    'style element keyframes',
    '<style>@keyframes k{}</style><p style="animation-name:k" onanimationstart="$P">x</p>',
  ],
  ['class and id', '<p class="x" id="__xss">x</p>'],
];

/** The suite, with the payload `__xss(<index>)` written in. */
export function xssVectors(): XssVector[] {
  const all = [...SCRIPTS, ...HANDLERS, ...URL_VECTORS, ...FOREIGN, ...MUTATION, ...CSS];
  return all.map(([name, html], id) => ({
    id,
    name,
    html: html.replaceAll('$P', `__xss(${id})`).replace('%5F%5Fxss(0)', `%5F%5Fxss(${id})`),
  }));
}

/** A vector left unsanitized in the browser page: it must run, or the browser test proves nothing. */
export const CONTROL_VECTORS: readonly string[] = [
  '<img src="/control.png" onerror="__xss(\'control-img\')">',
  '<a id="control-link" href="javascript:__xss(\'control-link\')">control</a>',
];
