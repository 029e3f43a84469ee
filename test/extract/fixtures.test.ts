// French and Arabic press layouts (WordPress, Drupal, custom CMSs): what a
// reader must get from each page, and what must not come along.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractArticle } from '../../src/extract/index.ts';

const page = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

interface Case {
  file: string;
  url: string;
  title: string;
  author: string | null;
  publishedAt: string;
  leadImage: string;
  language: string;
  dir: 'rtl' | 'ltr';
  method: string;
  mustHave: string[];
  mustNotHave: string[];
  images?: string[];
}

const CASES: Case[] = [
  {
    file: 'fr-wordpress.html',
    url: 'https://lematin-express.ma/2025/03/tramway-sidi-moumen/',
    title: 'Casablanca : le tramway prolongé jusqu’à Sidi Moumen',
    author: 'Salma Bennani',
    publishedAt: '2025-03-14T08:30:00.000Z',
    leadImage: 'https://lematin-express.ma/wp-content/uploads/2025/03/tramway-casa.jpg',
    language: 'fr',
    dir: 'ltr',
    method: 'readability',
    mustHave: [
      'La ligne T1 du tramway de Casablanca sera prolongée de six kilomètres',
      'Le coût du prolongement est estimé à 1,8 milliard de dirhams',
      'espèrent que le calendrier annoncé sera cette fois tenu.',
    ],
    mustNotHave: [
      'Lire aussi',
      'douze nouvelles lignes',
      'newsletter',
      'Partager',
      'Articles similaires',
      'Le tramway de Rabat fête ses quinze ans',
      'commentaire',
      'Crédit photo',
      'Articles récents',
      'Tous droits réservés',
    ],
    images: [
      'https://lematin-express.ma/wp-content/uploads/2025/03/tramway-casa.jpg',
      'https://lematin-express.ma/wp-content/uploads/2025/03/chantier-sidi-moumen-1024x576.jpg',
    ],
  },
  {
    file: 'ar-custom-rtl.html',
    url: 'https://assabah-maroc.ma/culture/salon-livre-2025.html',
    title: 'الرباط تحتضن المعرض الدولي للكتاب في دورته الجديدة',
    author: 'يوسف العلوي, مريم الإدريسي',
    // "2025-05-09 18:45:00" without a zone: Casablanca time (UTC+1 that day).
    publishedAt: '2025-05-09T17:45:00.000Z',
    leadImage: 'https://assabah-maroc.ma/uploads/2025/05/salon-livre.jpg',
    language: 'ar',
    dir: 'rtl',
    method: 'readability',
    mustHave: [
      'تنطلق اليوم الجمعة في العاصمة الرباط فعاليات الدورة الجديدة',
      'ويتضمن البرنامج أكثر من مائتي نشاط ثقافي',
      'تجاوز عدد زوارها ثلاثمائة ألف زائر.',
    ],
    mustNotHave: [
      'اقرأ أيضا',
      'الإعلان عن الفائزين بجائزة المغرب للكتاب',
      'اشترك في النشرة البريدية',
      'فيسبوك',
      'مقالات ذات صلة',
      'صورة: أرشيف',
      'التعليقات',
      'الأكثر قراءة',
      'بقلم',
    ],
  },
  {
    file: 'fr-drupal-teaser.html',
    url: 'https://economiste-souss.ma/economie/campagne-cerealiere-2025',
    title: 'Agriculture : la campagne céréalière s’annonce meilleure que prévu',
    author: 'Karim Tazi',
    // dc.date "2025-04-02 07:15" is Casablanca time: UTC+0 until Ramadan's clock change ends (6 April 2025).
    publishedAt: '2025-04-02T07:15:00.000Z',
    leadImage: 'https://economiste-souss.ma/sites/default/files/styles/large/public/2025-04/cereales.jpg',
    language: 'fr',
    dir: 'ltr',
    method: 'readability',
    mustHave: [
      // The chapô sits outside the body field: it must come first all the same.
      'Les pluies de mars ont changé la donne : la récolte de blé tendre',
      'Après deux années de sécheresse, les céréaliers retrouvent le sourire.',
      'Une bonne saison ne suffit pas à recharger les nappes',
      'la balance commerciale du pays.',
    ],
    mustNotHave: [
      'Publicité',
      'À lire aussi',
      'Le prix du pain restera stable',
      'Mots-clés',
      'Dans la même rubrique',
      'La récolte d’olives en hausse',
      'Imprimer',
    ],
  },
  {
    file: 'fr-split-body-jsonld.html',
    url: 'https://sportinfo.ma/football/stade-benslimane-2030',
    title: 'Mondial 2030 : le grand stade de Benslimane prend forme',
    author: 'Rédaction Sport Info',
    publishedAt: '2025-06-20T15:00:00.000Z',
    leadImage: 'https://sportinfo.ma/media/stade-benslimane-og.jpg',
    language: 'fr',
    dir: 'ltr',
    // An embed row splits the body; Readability alone keeps the second half only.
    method: 'json-ld',
    mustHave: [
      'Le chantier du grand stade de Benslimane',
      'la maquette définitive de l’ouvrage',
      'Plus de trois mille ouvriers travaillent actuellement sur le site',
      'plusieurs compétitions tests avant le Mondial.',
    ],
    mustNotHave: ['Les plus lus', 'Hakimi prolonge au PSG', 'Sport Info Maroc ©'],
  },
];

describe('press layouts', () => {
  for (const c of CASES) {
    test(c.file, () => {
      const a = extractArticle(page(c.file), c.url);
      assert.equal(a.title, c.title);
      assert.equal(a.author, c.author);
      assert.equal(a.publishedAt?.toISOString(), c.publishedAt);
      assert.equal(a.leadImage, c.leadImage);
      assert.equal(a.language, c.language);
      assert.equal(a.dir, c.dir);
      assert.equal(a.method, c.method);
      for (const s of c.mustHave) assert.ok(a.text.includes(s), `text lacks: ${s}`);
      for (const s of c.mustNotHave) assert.ok(!a.text.includes(s), `text has: ${s}`);
      if (c.images)
        assert.deepEqual(
          a.images.map((i) => i.url),
          c.images,
        );
      // Paragraphs stay apart: no word of one glued to the next.
      assert.ok(/\n\n/.test(a.text));
    });
  }

  test('the teaser comes first, once', () => {
    const a = extractArticle(page('fr-drupal-teaser.html'), CASES[2]!.url);
    assert.ok(a.text.startsWith('Les pluies de mars ont changé la donne : la récolte'));
    assert.equal(a.text.split('Les pluies de mars ont changé la donne').length, 2);
  });

  test('lazy images keep their data-src, srcset and noscript information', () => {
    const a = extractArticle(page('fr-wordpress.html'), CASES[0]!.url);
    assert.match(a.contentHtml, /data-src="\/wp-content\/uploads\/2025\/03\/tramway-casa\.jpg"/);
    assert.match(a.contentHtml, /data-srcset="[^"]*tramway-casa-768\.jpg 768w/);
    assert.deepEqual(a.images[0], {
      url: 'https://lematin-express.ma/wp-content/uploads/2025/03/tramway-casa.jpg',
      alt: 'Le tramway de Casablanca',
      width: 1200,
      height: 675,
    });
  });

  test('metadata: modified date, site name, excerpt, JSON-LD @graph references', () => {
    const a = extractArticle(page('fr-wordpress.html'), CASES[0]!.url);
    assert.equal(a.modifiedAt?.toISOString(), '2025-03-14T10:05:00.000Z');
    assert.equal(a.siteName, 'Le Matin Express');
    assert.equal(
      a.excerpt,
      'La ligne T1 du tramway de Casablanca sera prolongée de six kilomètres d’ici la fin de l’année.',
    );
  });
});

describe('per-source rules', () => {
  test('bodySelector takes exactly that element; remove drops selectors first', () => {
    const a = extractArticle(page('fr-drupal-teaser.html'), CASES[2]!.url, {
      bodySelector: '.field--name-body',
      remove: ['.pub', 'p:last-child'],
    });
    assert.equal(a.method, 'selector');
    assert.ok(a.text.startsWith('Après deux années de sécheresse'));
    assert.ok(!a.text.includes('la balance commerciale'));
    assert.ok(!a.text.includes('Le prix du pain'), 'the clutter inside the chosen element still goes');
  });

  test('a selector that matches nothing (or is invalid) falls back to readability', () => {
    for (const bodySelector of ['.no-such-body', '[[[']) {
      const a = extractArticle(page('fr-drupal-teaser.html'), CASES[2]!.url, {
        bodySelector,
        remove: ['>>>'],
      });
      assert.equal(a.method, 'readability');
      assert.ok(a.text.includes('Après deux années de sécheresse'));
    }
  });

  test('timezone option reads zone-less dates', () => {
    const a = extractArticle(page('ar-custom-rtl.html'), CASES[1]!.url, { timezone: 'UTC' });
    assert.equal(a.publishedAt?.toISOString(), '2025-05-09T18:45:00.000Z');
  });
});
