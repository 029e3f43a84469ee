// The concepts of ./src/stories/lexicon/aliases.tsv: an institution named
// by its acronym, in full, or in Arabic gets one term, and a name is found
// only when all its words are there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { storyTerms } from '../../src/stories/index.ts';
import { frenchStems } from '../../src/stories/normalize.ts';

const concepts = (title: string, summary = '') =>
  storyTerms({ title, summary, text: null }).filter((t) => t.startsWith('='));

test('BAM, Bank Al-Maghrib and بنك المغرب are one concept; so are HCP and المندوبية السامية للتخطيط', () => {
  assert.deepEqual(concepts('BAM maintient son taux directeur'), ['=bam']);
  assert.deepEqual(concepts('Le conseil de Bank Al-Maghrib garde son taux'), ['=bam']);
  assert.deepEqual(concepts('بنك المغرب يثبت سعر الفائدة'), ['=bam']);
  assert.deepEqual(concepts('Chômage : les chiffres du HCP'), ['=hcp']);
  assert.deepEqual(concepts('Selon le Haut-Commissariat au Plan, le chômage recule'), ['=hcp']);
  assert.deepEqual(concepts('المندوبية السامية للتخطيط تعلن أرقام البطالة'), ['=hcp']);
});

test('a name is found only when all its words are there', () => {
  assert.deepEqual(concepts('Le bureau national des aéroports'), []);
  assert.deepEqual(concepts("Un office national pour l'eau"), []);
  assert.deepEqual(concepts('Les aéroports gérés par l’Office national des aéroports'), ['=onda']);
});

test('every line of the table is a concept and at least two names with words to match', () => {
  const file = new URL('../../src/stories/lexicon/aliases.tsv', import.meta.url);
  const lines = readFileSync(file, 'utf8').split('\n');
  let concepts = 0;
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [concept, ...names] = line.split('\t');
    assert.match(concept ?? '', /^[a-z]+$/, `line ${i + 1}`);
    assert.ok(names.length >= 2, `line ${i + 1}: ${line}`);
    for (const n of names) assert.ok(frenchStems(n).length > 0, `line ${i + 1}: ${n}`);
    concepts++;
  });
  assert.ok(concepts >= 30, `${concepts} concepts`);
});
