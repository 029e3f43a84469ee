// The boilerplate pass over the body Readability chose: its text blocks
// are judged one by one, and those a reader does not come for go — lists
// of other articles' headlines, share and follow bars, "Most popular" and
// "Lire aussi" boxes, newsletter calls, comment counts, footers.
//
// Readability scores containers, not lines: when the article sits in a
// container with the page's sidebars (or falls back to the page's body on a
// short article) it keeps them whole. clutter.ts removes what it can name
// exactly before that; this pass judges what is left by what it is, in the
// manner of the block classifiers of trafilatura and boilerpipe (link
// density, words, sentences, position, class and id words), written for
// our DOM: a block is boilerplate when it is mostly links, or a known
// boilerplate label, or sits in a box whose class or id says so. At the
// edges of the body, the short lines around such blocks (a "Most Popular"
// heading, "Follow us") go with them; inside, only the boilerplate blocks
// themselves do, so a short line of the article stays.
import { linkDensity, textOf, tokens } from './dom.ts';
import type { PageView } from './site-memory.ts';

/** The elements that hold a line or a paragraph of text. */
const BLOCK_TAGS = new Set([
  'P',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'FIGCAPTION',
  'DD',
  'DT',
  'TD',
  'TH',
  'CAPTION',
  'DIV',
  'SECTION',
  'ARTICLE',
  'ASIDE',
  'HEADER',
  'FOOTER',
  'NAV',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'TR',
  'TBODY',
  'FORM',
  'FIGURE',
]);

/** Class and id words of boxes that are not the article (substrings, as trafilatura matches them). */
const BOILERPLATE_NAMES =
  /(?:^|[\s_-])(?:share|sharing|social|related|relatedposts|comments?|sidebar|widget|popular|most-?read|trending|recommend(?:ed|ations)?|promo|newsletter|subscribe|subscription|signup|footer|breadcrumbs?|tags|tagcloud|author-?(?:bio|box|info)|about-?author|outbrain|taboola|sponsored|advert(?:isement)?|toolbar|pagination|pager|more-?stories|read-?more|see-?also|also-?read|lire-?aussi|partage|follow|nav|navigation|menu)(?:$|[\s_-])/i;

/**
 * Labels that open a box of links, a call to share or follow, a comment
 * count, a credit: short lines only. French and Arabic first (our press),
 * then the other languages of the pages we measure on.
 */
const LABELS = [
  // French
  '(?:à|a)\\s+lire\\s+(?:aussi|également|egalement)|lire\\s+(?:aussi|également|la\\s+suite)|voir\\s+aussi|sur\\s+le\\s+même\\s+sujet|dans\\s+la\\s+même\\s+rubrique|partager|suivez[-\\s]nous|abonnez[-\\s]vous|publicité|les\\s+plus\\s+(?:lus|partagés|commentés)|articles?\\s+similaires|mots[-\\s]clés\\s*:|pour\\s+lire\\s+la\\s+suite|(?:audios?\\s+et\\s+)?vidéos?\\s+sur\\s+le\\s+(?:même\\s+)?sujet|vous\\s+aimerez\\s+(?:aussi|également)|à\\s+découvrir\\s+(?:aussi|également)|nous\\s+vous\\s+recommandons\\s*:?$',
  // Arabic
  '(?:ا|إ|أ)قرأ\\s+(?:أيضا|أيضاً|ايضا|المزيد|كذلك)|شارك|تابعونا|الأكثر\\s+(?:قراءة|مشاهدة|تعليقا)|مواضيع\\s+ذات\\s+صلة|قد\\s+يعجبك\\s+(?:أيضا|أيضاً|ايضا)|مقالات\\s+ذات\\s+صلة|أخبار\\s+ذات\\s+صلة|إعلان|الكلمات\\s+المفتاحية',
  // English
  "related(?:\\s+(?:content|articles?|stories|posts|links|topics|coverage))?|more\\s+(?:from|on|in|stories|news)\\b|elsewhere\\s+on\\b|(?:from\\s+)?around\\s+the\\s+web|most\\s+(?:popular|read|viewed|shared|emailed)|top\\s+stories|don['’]t\\s+miss|you\\s+(?:may|might)\\s+also\\s+like|recommended|we\\s+recommend\\s*:?$|trending|(?:read|see)\\s+(?:also|more)|follow\\s+us|share\\s+(?:this|on)|sign\\s+up|subscribe|advertisement|sponsored|tags?\\s*:|filed\\s+under|posted\\s+in|categories\\s*:|\\d+\\s+(?:comments?|responses?|replies|thoughts\\s+on)\\b|comments?\\s*(?:\\(\\d+\\))?$|(?:leave|post)\\s+a\\s+(?:comment|reply)|print\\s+this|email\\s+this|release\\s+date\\s*:",
  // Russian, Greek, Chinese
  'читайте\\s+также|(?:новости|ссылки|больше|статьи)\\s+по\\s+теме|по\\s+теме\\s*:|комментарии(?:\\s+к\\s+статье)?|поделиться|реклама|διαβάστε\\s+(?:επίσης|ακόμη|ακόμα)|σχετικά\\s+(?:άρθρα|θέματα)|σχετικές\\s+ειδήσεις|μοιραστείτε|πηγή\\s*:|相关(?:新闻|阅读|文章|报道|链接)|延伸阅读|责任编辑|分享|跟贴|盖楼回复|复制收藏|频道推荐',
  // A comment thread's or form's heading, in our languages and those we measure on
  '(?:laisser|ajouter|écrire)\\s+un\\s+commentaire|(?:\\d+\\s+)?(?:commentaires|réactions)\\s*(?:\\(\\d+\\))?$|réagir$|(?:أضف|اضف|اكتب)\\s+تعليق|(?:\\d+\\s+)?(?:التعليقات|تعليقات(?:\\s+القراء)?)$|(?:оставить|добавить|написать)\\s+комментарий|(?:\\d+\\s+)?σχόλια$|(?:γράψτε|αφήστε|προσθέστε)\\s+(?:ένα\\s+|το\\s+)?σχόλιο|οι\\s+απόψεις\\s+σας$|dodaj\\s+komentarz|(?:\\d+\\s+|wybrane\\s+)?komentarze\\s*(?:\\(\\d+\\))?$|(?:\\d+\\s+)?(?:leser)?kommentare\\s*(?:\\(\\d+\\))?$|kommentar\\s+schreiben|deja\\s+(?:un|tu)\\s+comentario|(?:\\d+\\s+)?comentarios\\s*(?:\\(\\d+\\))?$|发表评论|我要评论|网友评论|(?:评论|評論)$',
  // Skip links and "you are here" before a breadcrumb, in our languages and those we measure on
  '(?:skip\\s+to\\s+(?:(?:the\\s+)?main\\s+)?(?:content|navigation|search|menu)|you\\s+are\\s+here|aller\\s+au\\s+(?:contenu|menu)|passer\\s+au\\s+contenu|vous\\s+êtes\\s+ici|(?:zum|zur)\\s+(?:haupt)?(?:inhalt|navigation|suche|menü)\\s+springen|sie\\s+befinden\\s+sich\\s+hier|saltar\\s+al\\s+contenido|usted\\s+está\\s+aquí|(?:انتقل|تخطى|تخطي)\\s+إلى\\s+المحتوى|أنت\\s+هنا)',
  // A page's own furniture, in several languages: categories, print, text size, permalink, contents
  'categor(?:y|ies)\\s*:|catégories?\\s*:|categoría\\s*:|kategorie\\s*:|kategoria\\s*:|last\\s+modified|permalink|permalien|print(?:\\s+this)?$|(?:字号|字號|字体|字體)\\s*[:：]|(?:text|font)\\s+size\\b|taille\\s+du\\s+texte|schriftgröße|размер\\s+шрифта|imprimer$|imprimir$|drucken$|drukuj$|table\\s+of\\s+contents|sommaire$|inhaltsverzeichnis',
  // German, Spanish, Portuguese, Italian, Polish
  'auch\\s+interessant|(?:heute\\s+)?empfehlen\\s+wir\\s*:?$|weitere\\s+informationen\\s*:$|meist[-\\s]?(?:gelesen|diskutiert|kommentiert)|zum\\s+weiterlesen|valora\\s+esta\\s+noticia|mehr\\s+zum\\s+thema|siehe\\s+auch|das\\s+könnte\\s+sie\\s+auch\\s+interessieren|themen\\s+im\\s+artikel|weitere\\s+(?:artikel|beiträge)|lesen\\s+sie\\s+auch|teilen|anzeige|werbung|lea\\s+también|te\\s+puede\\s+interesar|noticias\\s+relacionadas|más\\s+noticias|compartir|publicidad|veja\\s+também|leia\\s+também|leggi\\s+anche|potrebbe\\s+interessarti|czytaj\\s+(?:też|także|więcej)|zobacz\\s+(?:też|także)|udostępnij|reklama',
];
const BOILERPLATE_LABEL = new RegExp(`^(?:${LABELS.join('|')})`, 'iu');

/**
 * What a publisher says of itself at the end of an article: a call to
 * subscribe, follow or give, a copyright line, a reprint notice, the
 * editor's credit ("(李沐阳 编辑)"), the line that names the source
 * ("Source : MAP") or whom to contact, a disclaimer ("n'engagent que leur
 * auteur", "not intended as a substitute for medical advice"), a comment
 * form's notes ("Required fields are marked *"), a call to its fan page or
 * its e-mails or for feedback, the credits in a row of brackets
 * ("[稿源：…][作者：…][编辑：…]"). Only at the edges of the body (a sentence of the article may
 * name Twitter; "Source :" amid it opens a quoted figure's line).
 */
const PITCH =
  /(?:subscrib|newsletter|sign(?:ing)?[-\s]+up|follow\s+(?:us|(?:\S+\s+){1,5}on\s+(?:twitter|facebook|instagram|x|telegram|whatsapp))\b|copyright|all\s+rights\s+reserved|©|reprint|written\s+permission|download\s+(?:\S+\s+){0,4}apps?\b|letter\s+to\s+the\s+editor|what\s+you\s+think\s+about\s+this|this\s+entry\s+was\s+posted|follow\s+any\s+responses|trackback|comments\s+are\s+(?:now\s+)?closed|posting\s+your\s+comment|links\s+to\s+weblogs|a\s+version\s+of\s+this\s+article\s+appeared|best\s+viewed\s+(?:in|with)|(?:to\s+(?:read|view)|continue\s+reading)\s+(?:the\s+(?:full|rest)|this)|already\s+a\s+subscriber|pour\s+lire\s+la\s+suite|réservé\s+aux\s+abonnés|chroniony\s+prawem|przeczytasz\s+w|weiterlesen\s+mit|para\s+seguir\s+leyendo|abonn|inscri(?:vez|ption)|tous\s+droits\s+réservés|suivez|téléchargez\s+(?:notre|l['’])\s*app|جميع\s+الحقوق|اشترك|تابعونا|حمّل\s+تطبيق|abonnier|folgen\s+sie|suscr[ií]b|síguenos|hazte\s+miembro|derechos\s+reservados|canal\s+de\s+(?:youtube|telegram|whatsapp)|valora\s+esta|assine|subskryb|prenumer|zapraszamy|免责声明|声明：|版權|版权|转载|來源|来源\s*[:：]|未經授權|轉載|^(?:[[【]\s*(?:稿源|来源|來源|作者|编辑|編輯|责任编辑|責任編輯)\s*[:：]\s*[^\]】]{1,20}[\]】]\s*){2,}$|^[[(（【]?\s*(?:责任编辑|責任編輯|编辑|編輯|文)\s*[:：/／]\s*[^\s\])）】]{1,8}\s*[\])）】]?$|^[[(（]\s*\S{2,4}\s*(?:编辑|編輯)\s*[\])）]$|to\s+contact\s+the\s+(?:reporters?|editors?|writers?)\b|^[[(]?\s*(?:[\p{L}.]{1,8}\s*\/\s*)?(?:avec\s+|with\s+|mit\s+)?(?:AFP|MAP|APS|TAP|PAP|dpa|Reuters|AP|EFE|ANSA|ATS|APA|Belga|Xinhua|وكالات|و\.م\.ع|واج|وات)(?:\s*[,/]\s*(?:AFP|MAP|APS|TAP|PAP|dpa|Reuters|AP|EFE))*\s*[\])]?\.?$|automated\s+(?:news\s+)?feed|^powered\s+by\b|thank\s+you\s+for\s+your\s+comment|(?:comments|opinions)\s+are\s+(?:filtered|moderated|reviewed)|δεν\s+δημοσιεύονται\s+σχόλια|required\s+fields|fields\s+marked\s+(?:with\s+)?(?:an\s+)?(?:\*|asterisk)|πεδία\s+(?:που|με)\s.{0,40}υποχρεωτικά|pola\s+(?:wymagane|obowiązkowe)|champs\s+obligatoires|pflichtfelder|to\s+receive\s+(?:regular\s+|daily\s+|weekly\s+|our\s+)?(?:e-?mails|updates|alerts)\b|not\s+intended\s+(?:as\s+a\s+substitute|to\s+replace)|(?:facebook|臉書|脸书|微博)\s*(?:專頁|专页)|意见或建议|意見或建議|^(?:sources?|źródło|fuente|quelle|источник|المصدر|πηγές?|dzięki\s+uprzejmości)\s*:|opinions?\s+expressed|not\s+(?:necessarily\s+)?(?:reflect|represent)\s+(?:the\s+)?(?:views|opinions?)|(?:is|are)\s+not\s+responsible\s+for\s+the|shall\s+not\s+be\s+deemed|advertising\s+disclaimer|n['’]engag(?:e|ent)\s+que\s+(?:leurs?|son|ses)\s+auteurs?|ne\s+(?:reflète|reflètent)\s+pas\s+(?:nécessairement\s+)?|meinung\s+des\s+autors|nicht\s+notwendigerweise|opiniones\s+(?:vertidas|expresadas)|no\s+se\s+hace\s+responsable|لا\s+تعبر\s+(?:بالضرورة\s+)?عن\s+رأي|ctrl\s*\+\s*(?:enter|insert)|rate\s+this\s+(?:article|story|post)|found\s+a\s+(?:typo|mistake)|signaler\s+une\s+erreur|fehler\s+gefunden|оцените|мнение\s+учтено|администрация\s+сайта|перепечат|скачай(?:те)?\s+(?:наше|наши|приложение)|для\s+входа\s+в\s+систему|прочитано\s*:)/iu;
/** A pitch is short: a few lines of the publisher's, not a paragraph of the article. */
const PITCH_WORDS = 80;
/** Sentences from which a paragraph that names a pitch's words only in its middle is prose. */
const PITCH_PROSE_SENTENCES = 4;

/**
 * A pitch says so in its first two sentences or its last ("Subscribe to
 * our newsletter…", "… © 2012 The Times"): a paragraph of four sentences
 * or more that names those words only in between ("Would you subscribe to
 * it?" amid a blogger's advice) is the article's.
 */
function pitchAtEnds(text: string): boolean {
  if (!PITCH.test(text)) return false;
  const sentences = text.split(/(?<=[.!?。！？؟])\s+/u);
  if (sentences.length < PITCH_PROSE_SENTENCES) return true;
  return PITCH.test(sentences[0]!) || PITCH.test(sentences[1]!) || PITCH.test(sentences.at(-1)!);
}

/**
 * The publisher's reprint rights, spelt out at length ("No part of this
 * newspaper may be reproduced … without the written consent of …"): a
 * notice that names copying and a written consent, up to RIGHTS_WORDS.
 */
const REPRODUCE =
  /reprodu|republish|redistribut|powiel|rozpowszechn|vervielfältig|weiterverbreit|воспроизвед|перепечат|копирован|复制|複製|转载|轉載/iu;
const WRITTEN_CONSENT =
  /written\s+(?:consent|permission|authori[sz]ation)|pisemnej\s+zgody|autorisation\s+(?:écrite|préalable)|schriftliche[nr]?\s+(?:genehmigung|zustimmung)|(?:permiso|autorización)\s+(?:previ[oa]\s+)?(?:por\s+escrito|expres)|письменн\S*\s+(?:согласи|разрешени)|书面|書面/iu;
const RIGHTS_WORDS = 150;

function isRightsNotice(text: string, words: number): boolean {
  return words <= RIGHTS_WORDS && REPRODUCE.test(text) && WRITTEN_CONSENT.test(text);
}

/**
 * The publisher's appeal to its readers, beyond doubt: to support its
 * journalism, become a member, or subscribe or log in to read the rest.
 * Unlike a mere mention of subscribers, what follows it at the end of the
 * body is the appeal's box, not the article (tailStart).
 */
const APPEAL =
  /(?:support\s+(?:us|our\s+(?:journalism|work|reporting|newsroom))\b|become\s+a\s+(?:member|supporter|patron)\b|help\s+us\s+(?:continue|keep)\b|get\s+the\s+latest\s+news\s+straight\s+to\s+your|to\s+(?:view|read)\s+the\s+full\s+(?:story|article),?\s+please\s+(?:subscribe|log\s+in)|ap[óo]ya(?:nos|\s+(?:el|nuestro)\s+periodismo)|hazte\s+(?:miembro|socio)|[úu]nete\s+a\s+nuestra\s+comunidad|unterst[üu]tz(?:e|en\s+sie)\s+(?:uns|unser(?:en)?\s+(?:journalismus|magazin))|soutenez(?:-nous|\s+(?:notre|le)\s+(?:journal|travail|média))|pour\s+lire\s+la\s+suite|cr[ée]ez\s+votre\s+compte|ادعم(?:وا)?\s+(?:الصحافة|صحافتنا|عملنا|موقعنا))/iu;

/**
 * A line that only dates the page: "Data dodania: 2012-01-09 12:43:12
 * Ostatnia aktualizacja: …", "16 January 2012 Last updated at 17:53 GMT",
 * "Πηγή: Express.gr 08/11/11-14:08". The article's metadata gives its date;
 * at the edges of the body such a line is the page's stamp. Known by its
 * figures: a date or a time, and figures for at least DATELINE_FIGURES of
 * its tokens; it does not end as a sentence does ("Le 12/05/2024, le
 * conseil a siégé." is the article's).
 */
const DATELINE =
  /\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}:\d{2}|(?:19|20)\d{2})\b/u;
const DATELINE_WORDS = 16;
const DATELINE_FIGURES = 0.35;
/** Paragraphs of prose a body needs for its date lines to go. */
const DATELINE_PROSE = 2;

/**
 * A line that only signs the article: "By Anne Dupont", "Par Karim Alaoui,
 * le 3 mars", "بقلم: محمد", "Von Markus Balser, Berlin". The article's
 * metadata gives its author; at the edges of the body such a line is the
 * page's (the golds of Dragnet keep it; trafilatura's and the issue's count
 * it as boilerplate). Known by its opening word and a capital (or Arabic)
 * name after it.
 */
// Only words that sign: "كتب" is also "books" and "От" opens "От Москвы до…",
// so the Arabic verbs need their colon, and Russian's "от" is left out.
const BYLINE_WORD = /^(?:(?:by|par|von|por|przez|автор|بقلم)\s*:?|(?:كتب|كتبت|إعداد)\s*:)\s+/iu;
/** The name after it: a capital, or Arabic script (which has none). */
const BYLINE_NAME = /^(?:\p{Lu}|\p{Script=Arabic})/u;
const BYLINE_WORDS = 10;

function isByline(b: { text: string; words: number }): boolean {
  // "By Monday, the council will vote." is a sentence, not a signature.
  if (b.words > BYLINE_WORDS || SENTENCE_END.test(b.text)) return false;
  const word = BYLINE_WORD.exec(b.text);
  return word !== null && BYLINE_NAME.test(b.text.slice(word[0].length));
}

function isDateline(text: string, words: number): boolean {
  if (words > DATELINE_WORDS || !DATELINE.test(text)) return false;
  // The page's address beside its date ("http://www.sina.com.cn 2012年01月12日15:57") is no word of a sentence.
  const all = tokens(text.replace(/https?:\/\/\S+/g, ' '));
  return all.filter((t) => /\d/.test(t)).length >= DATELINE_FIGURES * all.length;
}

/**
 * The note about the author a blog or a magazine prints after the article:
 * "About the author", a self-introduction ("Hi, I'm Becky. I live in…"),
 * a name followed by what the person does ("Chris is an Associate Writer
 * at…", "Anne Dupont est journaliste…"). Only at the end of the body, as
 * the last lines before the page's furniture.
 */
const BIO = [
  /^(?:about\s+(?:the\s+)?authors?|about\s+me\b|à\s+propos\s+de\s+l['’]auteur|über\s+(?:den\s+autor|die\s+autorin)|sobre\s+(?:el\s+autor|la\s+autora)|o\s+autor(?:ze|ce)|об\s+авторе)/iu,
  // A self-introduction that says what one is or does.
  /^(?:(?:[Hh]i|[Hh]ello|[Hh]ey)\b[^.!?]{0,40}[.!?,]\s*)?(?:I['’]m|I\s+am|I\s+founded|I\s+started)\b(?=.*\b(?:I\s+live|based\s+in|blog|writer|editor|mom|mother|dad|father|wife|husband|founder|teacher|journalist|photographer|designer)\b)/u,
];
/** A name (up to four capitalised words) and "is", then what the person is (BIO_TRADE, lower-cased). */
const BIO_NAME = /^[/|–—-]?\s*(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}(?:is|was|est|ist|es|è|jest)\s+/u;
const BIO_TRADE =
  /^(?:(?:an?|the|une?|ein|eine|una?)\s+)?(?:[\p{L}-]+\s+){0,4}(?:writer|reporter|journalist|editor|correspondent|columnist|contributor|blogger|author|founder|intern|enthusiast|photographer|producer|fellow|freelancer|freelance|journaliste|rédact|correspondant|chroniqueu|redakteur|autor|korrespondent|periodista|redactor|corresponsal|giornalista|dziennikar|redaktor)/u;
/** An author's note is a few sentences. */
const BIO_WORDS = 100;

function isBio(text: string): boolean {
  if (BIO.some((re) => re.test(text))) return true;
  const name = BIO_NAME.exec(text);
  return name !== null && BIO_TRADE.test(text.slice(name[0].length).toLowerCase());
}

/**
 * A line that only credits a photo: "(Credit: …)", "Foto: dpa", "Getty
 * Images", "ShutterStock". The caption that tells what the photo shows
 * stays with it.
 */
const CREDIT =
  /^\(?\s*(?:(?:photo|foto|photograph|image|bild|crédit|credit|crédito|créditos?|fotografía|zdjęcie|фото|φωτογραφία|图片来源|图片)s?\s*(?:credit)?\s*:|(?:photo(?:graph)?|image|picture)s?\s+(?:by|courtesy\s+of)\s|©|(?:getty\s+images|shutterstock|istock(?:photo)?(?:\.com)?|afp|reuters|dpa|epa|ap\s+photo)\b)/iu;
const CREDIT_WORDS = 10;

/**
 * The article's tool bar written out: "Send Print Text size Share:",
 * "Αποστολή Εκτύπωση Μέγεθος κειμένου Μοιραστείτε το:". A short line
 * naming two tools or more, not a sentence, in the languages we measure on.
 */
const TOOLS = [
  /\b(?:print|imprimer|imprimir|drucken|drukuj|stampa)\b|εκτύπωση|печать|распечатать|打印|طباعة/iu,
  /\b(?:e-?mail|send|envoyer|senden|wyślij|enviar)\b|αποστολή|отправить|إرسال/iu,
  /\b(?:share|partager|teilen|compartir|udostępnij|condividi)\b|μοιραστείτε|поделиться|分享|شارك/iu,
  /(?:font|text)\s+size|taille\s+du\s+texte|schriftgröße|rozmiar\s+(?:tekstu|czcionki)|tamaño\s+(?:de\s+)?(?:letra|texto)|μέγεθος\s+κειμένου|размер\s+шрифта|字号|字體|حجم\s+الخط/iu,
  /\b(?:save|bookmark|enregistrer|speichern|zapisz|guardar)\b|αποθήκευση|сохранить|收藏|حفظ/iu,
];
const TOOLBAR_WORDS = 10;

function isToolbar(text: string): boolean {
  // "Print and email editions follow." is a sentence of the article.
  if (/[.!?…。！？؟]\s*$/u.test(text)) return false;
  let n = 0;
  for (const tool of TOOLS) if (tool.test(text) && ++n >= 2) return true;
  return false;
}

/** A line that ends as a sentence does. */
const SENTENCE_END = /[.!?…:;»"”)\]。！？؟]\s*$/;

/**
 * A box named like boilerplate but longer than this is a template's wrapper
 * (`<div class="content share-enabled">`): its name says nothing of its lines.
 */
const NAMED_BOX_CHARS = 1500;

const LIST_ITEMS = new Set(['LI', 'DT', 'DD', 'TD', 'TH']);
/** The link density of an item that is only another article's headline. */
const HEADLINE_LINKS = 0.9;

/** Words of a label standing alone ("Share this article:", "Читайте также"), not opening a headline. */
const BARE_LABEL_WORDS = 4;

/** Words of a short line (a heading, a label, a date line). */
const SHORT_WORDS = 8;

interface Block {
  el: Element;
  /** Its text, spaces collapsed (textOf). */
  text: string;
  words: number;
  /** Link density of the block's text. */
  links: number;
  boilerplate: boolean;
  /** Judged boilerplate for its links alone (no name, no label). */
  byLinks: boolean;
  /**
   * The page's furniture beyond doubt: a bare label ("Share this article:",
   * "Читайте также") or a block the site repeats. Not a box named so (a
   * video player's controls sit amid an article), nor a credit, nor a label
   * that opens a line of its own ("Lire aussi : <a headline>", set amid an
   * article).
   */
  furniture: boolean;
  /** The publisher's pitch (PITCH): boilerplate at the edges only. */
  pitch: boolean;
  /** A note about the author (BIO): boilerplate at the end only. */
  bio: boolean;
  /** A line that only dates the page (isDateline): boilerplate at the edges only. */
  dateline: boolean;
  short: boolean;
}

/**
 * A sentence of the article that links a name in it ("<a>Shaquille
 * O'Neal</a> is a big man."): a paragraph that ends as a sentence, with
 * words of its own beside its links, is not another article's headline.
 */
const OWN_SENTENCE_LINKS = 0.7;
const OWN_SENTENCE_WORDS = 4;

function ownSentence(el: Element, text: string, words: number, links: number): boolean {
  return (
    el.tagName === 'P' && links < OWN_SENTENCE_LINKS && words >= OWN_SENTENCE_WORDS && /[.!?]\s*$/.test(text)
  );
}

/**
 * An item of a list written as a sentence, the link around most of it
 * ("The <a>gateway is now generally available</a>."): a headline does not
 * end with a full stop (a teaser's "…" or a question may).
 */
function linkedSentence(b: Block): boolean {
  return b.words >= LINKED_SENTENCE_WORDS && /\p{Lu}/u.test(b.text[0] ?? '') && /[^.]\.\s*$/.test(b.text);
}

/** A line ending in a colon, right before a quotation that it is not part of. */
function introducesQuote(b: Block, next: Block | undefined): boolean {
  if (!next || b.words > SHORT_WORDS || !/[:：]\s*$/.test(b.text)) return false;
  return next.el.closest('blockquote') !== null && b.el.closest('blockquote') === null;
}

/** Words of a linked sentence that the article's paragraphs around it keep. */
const LINKED_SENTENCE_WORDS = 10;

/** A paragraph of the article's: not boilerplate, a paragraph's worth of words, ending as a sentence. */
function paragraph(b: Block | undefined): boolean {
  return b !== undefined && !b.boilerplate && b.words >= 25 && SENTENCE_END.test(b.text);
}

/** Loose words beside the blocks that make a post of their own (a paragraph's worth). */
const LOOSE_PROSE_WORDS = 25;

/**
 * Above this share of the body's words in blocks that are mostly links, the
 * links are the article (a changelog, a list of resources, a digest): the
 * link rule stands down for that page, up to its last line of text.
 */
const LINKED_ARTICLE_SHARE = 0.3;

/**
 * Removes the body's boilerplate blocks in place. The article's own prose
 * (a block of several sentences with few links) is never removed.
 */
export function removeBoilerplate(body: Element, site: PageView | null = null): void {
  // All the body's words, the loose text beside blocks too (an article
  // written as text and <br> in a <div> whose only blocks are link lists),
  // counted once: again only when lists of other stories went.
  const total = removeTeaserLists(body, wordCount(textOf(body)));
  const blocks = textBlocks(body);
  if (site) {
    // What the site's other pages repeat is its boilerplate (site-memory.ts);
    // this page then teaches the next ones.
    const repeated = site.learn(blocks.map((b) => b.text));
    blocks.forEach((b, i) => {
      if (repeated[i]) b.boilerplate = b.furniture = true;
    });
  }
  // Words written loose beside the blocks (an article typed as text and
  // <br> in the box): prose the blocks do not show.
  const loose = total - blocks.reduce((n, b) => n + b.words, 0);
  const loosePost = loose >= LOOSE_PROSE_WORDS;
  if (blocks.length < 2 && !loosePost) return;
  // A sentence of the article written as one link (the video it presents),
  // between two of its paragraphs of prose, is the article's.
  blocks.forEach((b, i) => {
    if (b.byLinks && b.el.tagName === 'P' && b.words >= LINKED_SENTENCE_WORDS && SENTENCE_END.test(b.text))
      if (paragraph(blocks[i - 1]) && paragraph(blocks[i + 1])) b.boilerplate = b.byLinks = false;
    // The line that hands over to a quotation ("From <a>her post</a>:") is
    // the article's, however much of it links to the source.
    if (b.byLinks && introducesQuote(b, blocks[i + 1])) b.boilerplate = b.byLinks = false;
  });
  const linked = blocks.reduce((n, b) => n + (b.byLinks ? b.words : 0), 0);
  if (linked > LINKED_ARTICLE_SHARE * total) {
    // Only up to the article's last line of its own: the lists of links
    // after it are the page's (other stories, the site's links), whatever
    // their share of a short article's words; so are the lists' items
    // before its first (a blogroll above a short post).
    const own = (b: Block) => !b.boilerplate && !b.pitch && !b.short;
    let last = blocks.length - 1;
    while (last >= 0 && !own(blocks[last]!)) last--;
    let first = 0;
    while (first < blocks.length && !own(blocks[first]!)) first++;
    blocks.forEach((b, i) => {
      if (b.byLinks && i <= last && (i >= first || !LIST_ITEMS.has(b.el.tagName)))
        b.boilerplate = b.byLinks = false;
    });
  }
  const prose = blocks.filter((b) => !b.boilerplate && !b.pitch && !b.short);
  // Nothing but boilerplate and short lines: not ours to judge (a list
  // page, a gallery); the caller decides whether it is readable.
  if (prose.length === 0 && !loosePost) return;
  const doomed = new Set<Block>();
  // A comment thread without a thread's name (clutter.ts removes those):
  // readers' posts, each with its "Posted by … at …" line. From the first
  // such line that has prose of the article before it and two more after
  // it, the rest of the body is the thread.
  const thread = threadStart(blocks);
  // A "Posted by" line there is the post's own byline; a dated name, the first comment's.
  if (thread >= 0) {
    const from = isStamp(blocks[thread]!) ? thread : thread + 1;
    for (const b of blocks.slice(from)) doomed.add(b);
  }
  // Edges: the run of boilerplate and short lines at either end, from its
  // first boilerplate block outward.
  // Date lines go from an article's edges only: in a stub of one paragraph
  // the date is most of what the post says besides.
  const dated = prose.length >= DATELINE_PROSE;
  const edgeBad = (b: Block) => b.boilerplate || b.pitch || (dated && (b.dateline || isByline(b)));
  // The author's note is the end's only: "I am…" opens many a post.
  const endBad = (b: Block) => edgeBad(b) || b.bio || isCommentMeta(b);
  let end = blocks.length;
  while (end > 0 && (endBad(blocks[end - 1]!) || blocks[end - 1]!.short)) end--;
  const firstBad = blocks.slice(end).findIndex(endBad);
  if (firstBad >= 0) for (const b of blocks.slice(end + firstBad)) doomed.add(b);
  const tail = tailStart(blocks.slice(0, end));
  if (tail >= 0) for (const b of blocks.slice(tail)) doomed.add(b);
  let start = 0;
  while (start < blocks.length && (edgeBad(blocks[start]!) || blocks[start]!.short)) start++;
  const lead = blocks.slice(0, start);
  let lastBad = -1;
  lead.forEach((b, i) => {
    if (edgeBad(b)) lastBad = i;
  });
  for (const b of lead.slice(0, lastBad + 1)) doomed.add(b);
  // Inside: a run of short lines that are not sentences between boilerplate
  // on both sides (two blocks at least each) is the teasers of a list whose
  // headlines went ("Features & analysis": a linked headline, then its line).
  for (const run of islands(blocks)) for (const b of run) doomed.add(b);
  // Inside: the boilerplate blocks themselves, but not the items of a list
  // that say more than their link: such a list amid the article's
  // paragraphs is the article's (its sources, its changelog), while a list
  // of other articles is their headlines, links through and through.
  for (const b of blocks)
    if (
      b.boilerplate &&
      !(b.byLinks && LIST_ITEMS.has(b.el.tagName) && (b.links < HEADLINE_LINKS || linkedSentence(b)))
    )
      doomed.add(b);
  if (doomed.size === blocks.length && !loosePost) return;
  for (const b of doomed) removeBlock(b.el, body);
}

/** Boilerplate blocks on each side of a run of short lines that makes it the page's. */
const ISLAND_SHORE = 2;

/** Runs of short lines that are not sentences, with ISLAND_SHORE boilerplate blocks before and after. */
function islands(blocks: Block[]): Block[][] {
  const out: Block[][] = [];
  // Not an item of a list or a table's cell: an article's list or table holds such lines between linked ones.
  const weak = (b: Block) =>
    !b.boilerplate && b.words < 25 && !SENTENCE_END.test(b.text) && !LIST_ITEMS.has(b.el.tagName);
  const shore = (from: number, step: 1 | -1) => {
    let n = 0;
    for (let j = from; j >= 0 && j < blocks.length && blocks[j]!.boilerplate; j += step) n++;
    return n >= ISLAND_SHORE;
  };
  let i = 0;
  while (i < blocks.length) {
    if (!weak(blocks[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < blocks.length && weak(blocks[j]!)) j++;
    if (shore(i - 1, -1) && shore(j, 1)) out.push(blocks.slice(i, j));
    i = j;
  }
  return out;
}

/** The share of the article's words a tail after a share bar or a "Related" label may hold. */
const TAIL_SHARE = 0.25;

/**
 * Where the page's furniture begins after the article: a bare label ("Share
 * this article:", "Читайте также", "分享到:") or a block the site repeats,
 * after most of the article's words and followed by less than TAIL_SHARE
 * of them (the site's blurb, a call to read more, a specification table):
 * from there on, the rest goes.
 */
function tailStart(blocks: Block[]): number {
  const words = (b: Block) => (b.boilerplate ? 0 : b.words);
  const total = blocks.reduce((n, b) => n + words(b), 0);
  let after = 0;
  let found = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (after > TAIL_SHARE * (total - after)) break;
    if (b.furniture && i > 0) found = i;
    after += words(b);
  }
  // The article before it: at least two paragraphs of prose.
  const prose = blocks
    .slice(0, Math.max(found, 0))
    .filter((b) => !b.boilerplate && !b.short && b.words >= 25);
  return prose.length >= DATELINE_PROSE ? found : -1;
}

/** An item of a list of other stories: at most this many words (a headline, a teaser, a date). */
const TEASER_ITEM_WORDS = 80;
/** Letters beyond which an element cannot be such an item (80 words of long German ones). */
const TEASER_ITEM_CHARS = 1200;
/** Sibling items of the same shape that make a list of other stories. */
const TEASER_ITEMS = 3;
/** The lists of other stories may hold at most this share of the body's words (else it is a digest). */
const TEASER_SHARE = 0.5;

/**
 * Lists of other stories whose items each give a linked headline on its own
 * line and an unlinked teaser under it ("Also in the news", a site's front
 * page around a short article): the link rule sees the headline, not the
 * teaser, which reads as a line of prose. Judged by repetition: at least
 * three sibling items of the same tag and class, each short, each opening
 * with a line that is all link and going on with lines that are not. An
 * article's own list says its link and its words on one line ("<a>Tool</a>
 * — what it does"), so it is not such a list.
 */
/** Removes them; returns the body's word count after (`total`, its count before, when none went). */
function removeTeaserLists(body: Element, total: number): number {
  if (total === 0) return total;
  // Each element's letters (spaces aside) and whether it holds a link, in
  // one pass: most boxes are too long to be an item, and are not looked into.
  const size = new Map<Element, number>();
  const linked = new Set<Element>();
  const measure = (el: Element): number => {
    let n = 0;
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) n += (c.textContent ?? '').replace(/\s+/g, '').length;
      else if (c.nodeType === 1) {
        n += measure(c as Element);
        if ((c as Element).tagName === 'A' || linked.has(c as Element)) linked.add(el);
      }
    }
    size.set(el, n);
    return n;
  };
  measure(body);
  const found: Element[] = [];
  const visit = (el: Element) => {
    const groups = new Map<string, Element[]>();
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (!size.get(c)) continue;
      const key = `${c.tagName} ${c.getAttribute('class') ?? ''}`;
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    const taken = new Set<Element>();
    for (const group of groups.values()) {
      if (group.length < TEASER_ITEMS) continue;
      const short = (c: Element) => (size.get(c) ?? 0) <= TEASER_ITEM_CHARS;
      const worded = group.filter((c) => !short(c) || tokens(textOf(c)).length > 0);
      const teasers = worded.filter((c) => short(c) && linked.has(c) && isTeaserItem(c));
      if (teasers.length >= TEASER_ITEMS && teasers.length * 3 >= worded.length * 2)
        for (const t of teasers) taken.add(t);
    }
    found.push(...taken);
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (!taken.has(c)) visit(c);
  };
  visit(body);
  const words = found.reduce((n, el) => n + wordCount(textOf(el)), 0);
  if (found.length === 0 || words > TEASER_SHARE * total) return total;
  for (const el of found) removeBlock(el, body);
  return wordCount(textOf(body));
}

/** A short item whose first line is a link alone and whose next lines say more, unlinked. */
function isTeaserItem(item: Element): boolean {
  if (wordCount(textOf(item)) > TEASER_ITEM_WORDS) return false;
  const rows = lines(item);
  if (rows.length < 2) return false;
  const [head, ...rest] = rows as [Line, ...Line[]];
  // The headline may follow its date on its line ("August 9th, 2012 <a>Headline</a>").
  const dated = head.linked >= 0.5 * head.text.length && isDateline(head.plain, wordCount(head.plain));
  if ((head.linked < 0.9 * head.text.length && !dated) || tokens(head.text).length < 2) return false;
  const teaser = rest.filter((r) => r.linked < 0.5 * r.text.length);
  return teaser.reduce((n, r) => n + tokens(r.text).length, 0) >= 4;
}

interface Line {
  text: string;
  /** Characters of it inside links. */
  linked: number;
  /** Its words outside links. */
  plain: string;
}

const CELL_TAGS = new Set(['TD', 'TH', 'TR', 'TBODY', 'TABLE']);

/** An element's text cut into its lines (at block elements and <br>), each with its linked share. */
function lines(el: Element): Line[] {
  const out: Line[] = [];
  let text = '';
  let linked = 0;
  let plain = '';
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (tokens(t).length > 0)
      out.push({ text: t, linked: Math.min(linked, t.length), plain: plain.replace(/\s+/g, ' ').trim() });
    text = '';
    linked = 0;
    plain = '';
  };
  const walk = (node: Node, inLink: boolean) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const t = c.textContent ?? '';
        text += t;
        if (inLink) linked += t.replace(/\s+/g, ' ').trim().length;
        else plain += t;
      } else if (c.nodeType === 1) {
        const tag = (c as Element).tagName;
        // A table's cells are columns of one line: a row "<a>Title</a> | 1993 | what it is" is a row of data.
        const block = (BLOCK_TAGS.has(tag) && !CELL_TAGS.has(tag)) || tag === 'BR';
        if (block) flush();
        walk(c, inLink || tag === 'A');
        if (block) flush();
      }
    }
  };
  walk(el, false);
  flush();
  return out;
}

/** The body's innermost blocks that hold text, in document order, each judged. */
function textBlocks(body: Element): Block[] {
  const out: Block[] = [];
  // A box of another tag that holds blocks (<main>, a custom element, an <a>
  // around a teaser's heading and paragraph) is looked into as a block is:
  // judged whole, the article in a <main> was one block of a thousand words.
  const holds = new Map<Element, boolean>();
  const holdsBlocks = (el: Element): boolean => {
    let found = holds.get(el);
    if (found !== undefined) return found;
    found = false;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling)
      if (BLOCK_TAGS.has(c.tagName) || holdsBlocks(c)) found = true;
    holds.set(el, found);
    return found;
  };
  const boxOfBlocks = (el: Element) => BLOCK_TAGS.has(el.tagName) || holdsBlocks(el);
  const visit = (el: Element, boxed: boolean) => {
    if (!holdsBlocks(el)) {
      const text = textOf(el);
      if (text === '') return;
      out.push(judge(el, text, boxed || namedBox(el, text)));
      return;
    }
    // A box's text only when its name asks (namedBox): gathering it at each
    // level of the boxes cost the text of the body once per level.
    const named = boxed || namedBox(el);
    if (MIXED_BOX_TAGS.has(el.tagName) && smallMixedBox(el)) {
      // Judged whole when that finds it boilerplate; else its blocks are, one by one.
      const whole = judge(el, textOf(el), named);
      if (whole.boilerplate) {
        out.push(whole);
        return;
      }
    }
    // Text directly beside blocks (a loose line in a <div>) is not judged:
    // it stays with its element.
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (boxOfBlocks(c)) visit(c, named);
    }
  };
  for (let c = body.firstElementChild; c; c = c.nextElementSibling) {
    if (boxOfBlocks(c)) visit(c, false);
    else {
      const text = textOf(c);
      if (text !== '') out.push(judge(c, text, namedBox(c, text)));
    }
  }
  return out;
}

/** Words of a small box judged whole when it mixes loose words with blocks. */
const MIXED_BOX_WORDS = 40;
/**
 * The boxes that are one item of a list: a list's item or a card (`<article>`).
 * Not a section's header ("<h2>Opinion</h2><a>More in Opinion ›</a>"):
 * Readability's own text of a section front keeps those links.
 */
const MIXED_BOX_TAGS = new Set([...LIST_ITEMS, 'ARTICLE']);

/**
 * A small box whose words are partly loose beside its blocks: an item of a
 * list of other stories written as `<li><div></div><a>Headline</a><p>1k
 * likes</p></li>`. Judged block by block, its blocks went and the loose
 * headline stayed alone; it is one line of the page, judged whole.
 */
function smallMixedBox(el: Element): boolean {
  let loose = false;
  let words = 0;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    const text = c.textContent ?? '';
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    if (c.nodeType !== 1 || !BLOCK_TAGS.has((c as Element).tagName)) loose = true;
    words += wordCount(text);
    if (words > MIXED_BOX_WORDS) return false;
  }
  return loose;
}

/**
 * A comment's signature line: "Posted by: Anne | Mar 21, 2007 7:49 PM",
 * "posted on Tuesday, October 30, 2012 at 9:46 AM by Peter", "Reply", in
 * the languages we measure on. Not "Anne wrote:": essays quote their
 * correspondents so (jwz's, in the Readability corpus).
 */
const COMMENT_META =
  /^(?:(?:posted|written|submitted|commented)\s+(?:by|on|at)\b|(?:publié|posté|écrit)\s+(?:par|le)\b|(?:reply|répondre|رد|ответить|antworten|responder)$)/iu;
const COMMENT_META_WORDS = 25;

/**
 * A comment's signature written as its author's name and a numeric date
 * and time, "uszka (gość), 16.01.12, 16:13:22", "Beata 03.01.2012, 12:31",
 * "11:02 17-01-2012": a date with its year and a time, closing a short line
 * or opening it. A live blog's updates give a time, not a dated one.
 */
const COMMENT_STAMP =
  /(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?$|^\d{1,2}:\d{2}(?::\d{2})?,?\s+\d{1,2}[./-](?:\d{1,2}|\p{L}+)[./-]\d{2,4}$)/u;
const COMMENT_STAMP_WORDS = 10;

function isStamp(b: Block): boolean {
  return b.words <= COMMENT_STAMP_WORDS && COMMENT_STAMP.test(b.text);
}

function isCommentMeta(b: Block): boolean {
  return isStamp(b) || (b.words <= COMMENT_META_WORDS && COMMENT_META.test(b.text));
}

/** The index of the line where a thread of comments begins (see above), or -1. */
function threadStart(blocks: Block[]): number {
  const metas: number[] = [];
  blocks.forEach((b, i) => {
    if (isCommentMeta(b)) metas.push(i);
  });
  if (metas.length < 3) return -1;
  for (let k = 0; k + 2 < metas.length; k++) {
    const at = metas[k] as number;
    const before = blocks.slice(0, at).filter((b) => !b.boilerplate && !b.short && b.words >= 15).length;
    if (before >= 2) return at;
  }
  return -1;
}

function judge(el: Element, text: string, named: boolean): Block {
  const words = wordCount(text);
  const links = linkDensity(el, text);
  const sentences = (text.match(/[.!?。！？؟](?:\s|$)/g) ?? []).length;
  const ends = SENTENCE_END.test(text);
  const prose = words >= 25 && links < 0.25 && (sentences >= 2 || ends);
  const short = words < SHORT_WORDS && !ends;
  let boilerplate = false;
  let byLinks = false;
  let furniture = false;
  if (!prose) {
    const label = words <= 12 && BOILERPLATE_LABEL.test(text);
    furniture = label && words <= BARE_LABEL_WORDS;
    if (named || label) boilerplate = true;
    else if (words <= CREDIT_WORDS && CREDIT.test(text)) boilerplate = true;
    else if (words <= TOOLBAR_WORDS && isToolbar(text)) boilerplate = true;
    // A headline of another article is mostly links; a linked sentence of
    // the article's own (an item of its list of announcements) ends as one.
    else if (
      (links >= 0.5 && words < 40 && !(words >= 10 && ends) && !ownSentence(el, text, words, links)) ||
      links >= 0.8
    )
      boilerplate = byLinks = true;
  }
  const appeal = !boilerplate && words <= PITCH_WORDS && APPEAL.test(text);
  if (appeal) furniture = true;
  const pitch =
    appeal || (!boilerplate && ((words <= PITCH_WORDS && pitchAtEnds(text)) || isRightsNotice(text, words)));
  const bio = !boilerplate && !pitch && words <= BIO_WORDS && isBio(text);
  const dateline = !boilerplate && !ends && isDateline(text, words);
  return { el, text, words, links, boilerplate, byLinks, furniture, pitch, bio, dateline, short };
}

/** Words, counting two CJK characters as one (those scripts write no spaces). */
function wordCount(text: string): number {
  const cjk =
    text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return tokens(text).length + Math.floor(cjk / 2);
}

/**
 * A box whose name says boilerplate, and which is not a wrapper of the
 * article: short, and without paragraphs of prose (pagesix.com's article
 * sits in "entry-content entry-content-read-more"; its last short
 * paragraph went as a "read more" box's line).
 */
function namedBox(el: Element, text?: string): boolean {
  // The name first: most boxes have none, and a large box's text is long to gather.
  if (!namedBoilerplate(el) || (text ?? textOf(el)).length >= NAMED_BOX_CHARS) return false;
  let prose = 0;
  for (const p of el.querySelectorAll('p')) {
    const t = textOf(p);
    if (wordCount(t) >= 25 && SENTENCE_END.test(t) && linkDensity(p, t) < 0.25 && ++prose >= 2) return false;
  }
  return true;
}

/** A live blog's entries: "live-match-comment" is the match told minute by minute, not readers' comments. */
const LIVE_NAME = /(?:^|[\s_-])live(?:$|[\s_-])/i;
const HEADING = /^H[1-6]$/;

function namedBoilerplate(el: Element): boolean {
  // A heading's id is its anchor, a slug of its words ("nav_nur_die_folie__1"
  // is heise.de's subheading "Nur die Folie bleibt zurück"), not a name.
  const id = HEADING.test(el.tagName) ? '' : (el.getAttribute('id') ?? '');
  const names = `${el.getAttribute('class') ?? ''} ${id}`;
  return names.trim() !== '' && BOILERPLATE_NAMES.test(names) && !LIVE_NAME.test(names);
}

const MEDIA = 'img,picture,video,iframe,audio,svg,math,table';
const MEDIA_TAGS = /^(?:IMG|PICTURE|VIDEO|IFRAME|AUDIO|SVG|MATH|TABLE)$/;

/** Removes a block, and the containers it leaves empty (no text, no media) up to the body. */
function removeBlock(el: Element, body: Element): void {
  let parent: Element | null = el.parentElement;
  el.parentNode?.removeChild(el);
  while (parent && parent !== body && !MEDIA_TAGS.test(parent.tagName)) {
    if (textOf(parent) !== '' || parent.querySelector(MEDIA)) return;
    const up: Element | null = parent.parentElement;
    parent.parentNode?.removeChild(parent);
    parent = up;
  }
}
