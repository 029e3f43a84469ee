// The page of an article withdrawn at its publisher's request (a takedown
// from the console): 410 Gone, in the edition's language and frame. The
// article route asks for it only when the article is not found, so normal
// pages never pay for the lookup.
import { html } from '../html.ts';
import { type Chrome, layout } from '../site/layout.ts';
import { paths } from '../site/paths.ts';

const WORDS = {
  fr: {
    title: 'Article retiré',
    text: 'Cet article a été retiré à la demande de son éditeur.',
    home: 'Retour à l’accueil',
  },
  ar: {
    title: 'مقال مسحوب',
    text: 'سُحب هذا المقال بطلب من ناشره.',
    home: 'العودة إلى الصفحة الرئيسية',
  },
} as const;

export function withdrawnPage(chrome: Chrome): string {
  const w = chrome.edition.config.language === 'ar' ? WORDS.ar : WORDS.fr;
  const home = paths.home(chrome.edition.config);
  return layout(
    chrome,
    {
      title: `${w.title} — ${chrome.edition.config.name}`,
      canonical: chrome.site.baseUrl + home,
      noindex: true,
    },
    html`<h1 class="page-title">${w.title}</h1>
<p class="withdrawn">${w.text}</p>
<p><a href="${home}">${w.home}</a></p>`,
  );
}

/** The API's answer for a withdrawn article. */
export const WITHDRAWN_JSON = {
  error: 'gone',
  message: 'this article was withdrawn at its publisher’s request',
} as const;
