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
  /** The search form in the header (src/web/site/search.ts). */
  search: string;
  /** What the answer to an image report says (src/web/api/images.ts). */
  report: ReportWords;
  /** Story clusters (src/web/site/stories.ts). */
  story: StoryWords;
}

export interface StoryWords {
  /** "Couverture : 3 sources" */
  coverage: (sources: number) => string;
  /** The story page's link from an article. */
  seeStory: string;
  /** The story page's heading before the title. */
  story: string;
  timeline: string;
  first: string;
  followed: string;
  /** "3 sources · 5 articles" */
  counts: (sources: number, articles: number) => string;
  /** The home's section. */
  mostCovered: string;
  /** Marks an article of the story in the other language: "en arabe". */
  inLanguage: (language: string) => string;
}

export interface ReportWords {
  title: string;
  thanks: string;
  back: string;
  /** The page's token is too old (403). */
  expired: string;
  /** The form was not posted from our own pages (403). */
  crossOrigin: string;
  tooMany: string;
  notFound: string;
  badRequest: string;
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
    articles: (n) => frenchCount(n, 'article', 'articles'),
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
    search: 'Rechercher',
    report: {
      title: 'Signaler une image',
      thanks:
        "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit signalée par plusieurs personnes.",
      back: 'Retour à la page',
      expired: 'Cette page est trop ancienne : rechargez-la, puis signalez l’image à nouveau.',
      crossOrigin: 'Un signalement ne peut venir que des pages de ce site.',
      tooMany: 'Trop de signalements en peu de temps : réessayez plus tard.',
      notFound: 'Cette image n’existe pas.',
      badRequest: 'Ce signalement n’est pas valide.',
    },
    story: {
      coverage: (n) => `Couverture : ${frenchCount(n, 'source', 'sources')}`,
      seeStory: 'Toute la couverture',
      story: 'Sujet',
      timeline: 'La couverture, dans l’ordre',
      first: 'Premier à publier',
      followed: 'A suivi',
      counts: (s, a) => `${s} sources · ${a} articles`,
      mostCovered: 'Les sujets les plus couverts du jour',
      inLanguage: (l) => (l === 'ar' ? 'en arabe' : l === 'fr' ? 'en français' : `en ${l}`),
    },
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
    articles: (n) => arabicCount(n, ARTICLE_FORMS),
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
    search: 'بحث',
    report: {
      title: 'الإبلاغ عن صورة',
      thanks: 'شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا بعد أن يبلغ عنها عدة أشخاص.',
      back: 'العودة إلى الصفحة',
      expired: 'هذه الصفحة قديمة: أعد تحميلها ثم أبلغ عن الصورة من جديد.',
      crossOrigin: 'لا يقبل الإبلاغ إلا من صفحات هذا الموقع.',
      tooMany: 'بلاغات كثيرة في وقت قصير: أعد المحاولة لاحقا.',
      notFound: 'هذه الصورة غير موجودة.',
      badRequest: 'هذا البلاغ غير صالح.',
    },
    story: {
      coverage: (n) => `التغطية: ${arabicCount(n, SOURCE_FORMS)}`,
      seeStory: 'التغطية كاملة',
      story: 'موضوع',
      timeline: 'التغطية بالترتيب',
      first: 'أول من نشر',
      followed: 'تبعه',
      counts: (s, a) => `${s} مصادر · ${a} مقالات`,
      mostCovered: 'أكثر المواضيع تغطية اليوم',
      inLanguage: (l) => (l === 'fr' ? 'بالفرنسية' : l === 'ar' ? 'بالعربية' : l),
    },
  },
};

/** French counts: 0 and 1 take the singular ("1 source", "0 article"). */
export function frenchCount(n: number, one: string, many: string): string {
  return `${n} ${Math.abs(n) < 2 ? one : many}`;
}

/**
 * Arabic counts by CLDR's plural categories: a word alone for one, the dual
 * for two, the plural for 3–10, the accusative singular for 11–99, the
 * singular after hundreds and zero ("مصدر واحد", "مصدران", "5 مصادر",
 * "12 مصدرًا", "100 مصدر").
 */
export interface ArabicForms {
  one: string;
  two: string;
  few: string;
  many: string;
  other: string;
}

const ARABIC_PLURAL = new Intl.PluralRules('ar');
const ARTICLE_FORMS: ArabicForms = {
  one: 'مقال واحد',
  two: 'مقالان',
  few: 'مقالات',
  many: 'مقالًا',
  other: 'مقال',
};
const SOURCE_FORMS: ArabicForms = {
  one: 'مصدر واحد',
  two: 'مصدران',
  few: 'مصادر',
  many: 'مصدرًا',
  other: 'مصدر',
};

export function arabicCount(n: number, forms: ArabicForms): string {
  const category = ARABIC_PLURAL.select(n);
  if (category === 'one') return forms.one;
  if (category === 'two') return forms.two;
  if (category === 'few') return `${n} ${forms.few}`;
  if (category === 'many') return `${n} ${forms.many}`;
  return `${n} ${forms.other}`;
}
