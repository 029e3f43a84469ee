// What a word brings to the space two articles are compared in
// (src/stories/concepts.ts): a figure behind a glued Arabic preposition,
// and a sentence's capitalised first word when it is a known name. The
// sentences are ours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storyTerms } from '../../src/stories/index.ts';

const terms = (title: string, summary: string | null = null) => storyTerms({ title, summary });

test('a figure with a preposition or "and" glued to it is the figure', () => {
  const arabic = terms('الأسعار ترتفع بـ5,7 في المائة والخضر و3,6');
  assert.ok(arabic.includes('5.7'));
  assert.ok(arabic.includes('3.6'));
  assert.ok(!arabic.some((t) => /^[وب]\d/.test(t)));
  assert.ok(terms('قافلة تصل ل12 قرية').includes('12'));
  // The French telling of the same rates shares them.
  const french = terms('Les prix montent de 5,7 %, les légumes de 3,6 %');
  assert.ok(french.includes('5.7') && french.includes('3.6'));
});

test('a sentence starting with a known name gives the name; one starting with a plain word does not', () => {
  // Mid-sentence, a capitalised word is a name whatever it is.
  const mid = terms('Le remaniement selon Akhannouch');
  assert.ok(mid.includes('~aqnwc'));
  // First in the title: a name news at large knows (the prior) ...
  assert.ok(terms('Akhannouch présente sa nouvelle équipe').includes('~aqnwc'));
  assert.ok(terms('Bilan sobre.', 'Tebboune promulgue la loi de finances.').includes('~tbwn'));
  // ... and the Arabic telling meets it on the same key.
  assert.ok(terms('أخنوش يقدم فريقه الجديد').includes('~aqnwc'));
  // A plain word capitalised only because it starts the title gives none.
  assert.ok(!terms('Chômage : un pic au premier trimestre').some((t) => t.startsWith('~')));
});

test('Arabic words the news uses in another sense than the pivoted dictionary or a place name', () => {
  // جديدة is "new", not El Jadida (الجديدة); الرياضي "sporting", not Riyadh (الرياض); كافة "all", not the CAF.
  assert.ok(!terms('مرحلة جديدة في الملف').some((t) => t === 'jadida' || t === 'el'));
  const club = terms('النادي الرياضي يفوز');
  assert.ok(club.includes('sportif') && !club.includes('riyad'));
  assert.ok(!terms('كافة المواطنين').includes('~kf') && !terms('كافة المواطنين').includes('caf'));
  // أسود are the national team's Lions, not "brun"; نصاب a vote's quorum, not a "charlatan".
  const lions = terms('أسود المغرب في النهائي');
  assert.ok(lions.includes('lion') && !lions.includes('brun'));
  assert.ok(terms('اكتمل النصاب القانوني للتصويت').includes('quorum'));
  // الحكم الذاتي is autonomy, as "autonomie" in French.
  assert.ok(terms('مبادرة الحكم الذاتي').includes('autonom'));
  assert.ok(terms("Le plan d'autonomie").includes('autonom'));
});
