// What the site says, in French and in Arabic. The phrases readers know from
// the regional aggregators are kept word for word.
import type { EditionLanguage } from '../site-config.ts';

export interface Words {
  locale: string;
  dir: 'ltr' | 'rtl';
  skip: string;
  ticker: string;
  latest: string;
  sources: string;
  categories: string;
  /** "Publié dans" <source> "le" <date> */
  publishedIn: string;
  on: string;
  by: string;
  readAlso: string;
  readAtSource: string;
  reportImage: string;
  olderArticles: string;
  newerArticles: string;
  category: string;
  author: string;
  archive: string;
  sourcePage: string;
  allArticles: string;
  articles: (n: number) => string;
  notFound: string;
  notFoundText: string;
  badRequest: string;
  badRequestText: string;
  home: string;
  noArticles: string;
  feeds: string;
  footer: string;
  mainNav: string;
  editionName: string;
}

export const WORDS: Record<EditionLanguage, Words> = {
  fr: {
    locale: 'fr_MA',
    dir: 'ltr',
    skip: 'Aller au contenu',
    ticker: 'Les titres',
    latest: 'À la une',
    sources: 'Les sources',
    categories: 'Rubriques',
    publishedIn: 'Publié dans',
    on: 'le',
    by: 'Par',
    readAlso: 'Lire aussi',
    readAtSource: "Cliquez ici pour lire l'article depuis sa source",
    reportImage: 'Signaler cette image',
    olderArticles: 'Articles plus anciens',
    newerArticles: 'Retour aux plus récents',
    category: 'Rubrique',
    author: 'Articles de',
    archive: 'Archives du',
    sourcePage: 'Tous les articles de',
    allArticles: 'Tous les articles',
    articles: (n) => (n === 1 ? '1 article' : `${n} articles`),
    notFound: 'Page introuvable',
    notFoundText: 'Cette page n’existe pas ou plus. Les derniers articles sont sur la page d’accueil.',
    badRequest: 'Adresse incorrecte',
    badRequestText: 'Cette adresse n’est pas valide. Les derniers articles sont sur la page d’accueil.',
    home: 'Accueil',
    noArticles: 'Aucun article pour le moment.',
    feeds: 'Flux RSS et Atom',
    footer: 'Les articles appartiennent à leurs éditeurs : chaque page renvoie à la source.',
    mainNav: 'Navigation principale',
    editionName: 'Édition en français',
  },
  ar: {
    locale: 'ar_MA',
    dir: 'rtl',
    skip: 'انتقل إلى المحتوى',
    ticker: 'العناوين',
    latest: 'آخر الأخبار',
    sources: 'المصادر',
    categories: 'الأقسام',
    publishedIn: 'نشر في',
    on: 'يوم',
    by: 'بقلم',
    readAlso: 'اقرأ أيضا',
    readAtSource: 'اضغط هنا لقراءة المقال من مصدره',
    reportImage: 'أبلغ عن هذه الصورة',
    olderArticles: 'مقالات أقدم',
    newerArticles: 'العودة إلى الأحدث',
    category: 'قسم',
    author: 'مقالات',
    archive: 'أرشيف يوم',
    sourcePage: 'كل مقالات',
    allArticles: 'كل المقالات',
    articles: (n) => `${n} مقال`,
    notFound: 'الصفحة غير موجودة',
    notFoundText: 'هذه الصفحة غير موجودة. آخر المقالات في الصفحة الرئيسية.',
    badRequest: 'عنوان غير صحيح',
    badRequestText: 'هذا العنوان غير صالح. آخر المقالات في الصفحة الرئيسية.',
    home: 'الرئيسية',
    noArticles: 'لا توجد مقالات حاليا.',
    feeds: 'خلاصات RSS و Atom',
    footer: 'المقالات ملك لناشريها: كل صفحة تحيل إلى المصدر.',
    mainNav: 'التصفح الرئيسي',
    editionName: 'النسخة العربية',
  },
};
