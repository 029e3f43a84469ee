// Per-site boilerplate (src/extract/site-memory.ts): what a site repeats on
// its other pages goes, learned from those pages, with no rule by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractArticle, SiteMemory } from '../../src/extract/index.ts';
import { SEEN_ON_PAGES } from '../../src/extract/site-memory.ts';
import { preparePage } from '../../src/ingest/prepare-page.ts';

const STORIES = [
  [
    'Le port de Tanger Med bat son record',
    'Le port a traité plus de neuf millions de conteneurs cette année, un record depuis son ouverture, selon son directeur. Les lignes vers l’Afrique de l’Ouest ont le plus progressé.',
  ],
  [
    'La pluie revient sur le Rif',
    'Des averses sont attendues dès jeudi sur les provinces du nord, après trois mois sans une goutte, annonce la météo nationale. Les barrages restent à moins de trente pour cent.',
  ],
  [
    'Un nouveau musée à Marrakech',
    'Le musée ouvre ses portes samedi dans un ancien palais de la médina, avec une collection de tapis anciens prêtée par des familles de la région. L’entrée sera libre le premier mois.',
  ],
  [
    'Le prix du pain inchangé',
    'Les boulangers ont accepté de garder le prix de la baguette subventionnée, après une réunion avec le ministère mardi. Le coût de la farine a pourtant monté de dix pour cent.',
  ],
] as const;

/** A page of the site: its article, then the same author blurb and dateline every page carries. */
function page(i: number): string {
  const [title, lead] = STORIES[i]!;
  return `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>
    <p>${lead} ${lead}</p><p>${lead}</p>
    <p>Source : Le Courrier du Nord, ${10 + i}/11/2026 à 1${i}:0${i}</p>
    <p>Notre rédaction couvre le nord du pays depuis quarante ans, de Tanger à Nador, avec douze correspondants.</p>
    </article></body></html>`;
}

describe('site memory', () => {
  test("a block the site's other pages repeated goes, from the pages after them", () => {
    const site = new SiteMemory();
    const texts = STORIES.map(
      (_, i) => extractArticle(page(i), `https://courrier.example/a/${i}`, { site }).text,
    );
    // The first pages teach; from the one after SEEN_ON_PAGES, the blurb and the dateline (another date) go.
    for (const [i, text] of texts.entries()) {
      assert.match(text, new RegExp(STORIES[i]![1].slice(0, 20)));
      const learned = i >= SEEN_ON_PAGES;
      assert.equal(/douze correspondants/.test(text), !learned, `page ${i}`);
      assert.equal(/Source : Le Courrier/.test(text), !learned, `page ${i}`);
    }
  });

  test('the same page read again is not counted twice, and another site learns nothing from it', () => {
    const site = new SiteMemory();
    for (let n = 0; n < 4; n++) extractArticle(page(0), 'https://courrier.example/a/0', { site });
    const again = extractArticle(page(1), 'https://courrier.example/a/1', { site }).text;
    assert.match(again, /douze correspondants/);
    const other = new SiteMemory();
    extractArticle(page(0), 'https://courrier.example/a/0', { site: other });
    extractArticle(page(1), 'https://courrier.example/a/1', { site: other });
    assert.match(
      extractArticle(page(2), 'https://autre.example/a/2', { site: other }).text,
      /douze correspondants/,
    );
  });

  test('stays within its budget of hosts and blocks', () => {
    const site = new SiteMemory();
    for (let h = 0; h < 700; h++) {
      const view = site.forPage(`https://site${h}.example/p`)!;
      view.learn(Array.from({ length: 900 }, (_, b) => `bloc ${h} ${b} ${'x'.repeat(b % 7)}`));
    }
    const hosts = (site as unknown as { hosts: Map<string, { blocks: Map<number, number> }> }).hosts;
    assert.ok(hosts.size <= 500, `${hosts.size} hosts`);
    for (const m of hosts.values()) assert.ok(m.blocks.size <= 600);
    assert.equal(site.forPage('not a url'), null);
  });

  test("the crawler's page worker learns a site as it reads it", () => {
    // preparePage is what the worker threads run on every fetched page; its
    // memory lives as long as the thread. A host no other test uses.
    const texts = STORIES.map(
      (_, i) =>
        preparePage({
          type: 'page',
          html: page(i),
          url: `https://worker-courrier.example/a/${i}`,
          timezone: 'Africa/Casablanca',
          feedText: null,
        }).text,
    );
    assert.match(texts[0]!, /douze correspondants/);
    assert.doesNotMatch(texts[SEEN_ON_PAGES]!, /douze correspondants/);
    assert.match(texts[SEEN_ON_PAGES]!, new RegExp(STORIES[SEEN_ON_PAGES]![1].slice(0, 20)));
  });
});
