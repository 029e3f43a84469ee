import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { KiosqueError } from '../../src/util/errors.ts';
import { decodeBody, detectCharset, normalizeCharset } from '../../src/fetch/index.ts';

const FRENCH = 'L’économie marocaine a progressé : les œuvres coûtent 5 € à Rabat… « Déjà vu », dit l’élève.';
const ARABIC = 'أعلنت وزارة الاقتصاد والمالية أن النمو الاقتصادي في المغرب بلغ ثلاثة في المائة';
const cp1252 = (text: string) => iconv.encode(text, 'windows-1252');
const cp1256 = (text: string) => iconv.encode(text, 'windows-1256');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('decodeBody', () => {
  test('windows-1252 declared in the header: ’ œ € … come out right', () => {
    const out = decodeBody(cp1252(FRENCH), 'text/html; charset=windows-1252', 'page');
    assert.equal(out.text, FRENCH);
    assert.equal(out.charset, 'windows-1252');
    assert.equal(out.charsetSource, 'header');
  });

  test('an ISO-8859-1 label on windows-1252 bytes decodes as windows-1252', () => {
    for (const label of ['ISO-8859-1', 'latin1', 'us-ascii', '"iso-8859-1"']) {
      const out = decodeBody(cp1252(FRENCH), `application/rss+xml; charset=${label}`, 'feed');
      assert.equal(out.text, FRENCH, label);
      assert.equal(out.charset, 'windows-1252');
    }
  });

  test('UTF-8 declared and true', () => {
    const out = decodeBody(utf8(FRENCH + ARABIC), 'text/xml; charset=UTF-8', 'feed');
    assert.equal(out.text, FRENCH + ARABIC);
    assert.deepEqual([out.charset, out.charsetSource], ['utf-8', 'header']);
  });

  test('undeclared UTF-8 is detected; undeclared ASCII is the default', () => {
    assert.deepEqual(
      (({ charset, charsetSource }) => [charset, charsetSource])(decodeBody(utf8(FRENCH), null, 'feed')),
      ['utf-8', 'detected'],
    );
    const ascii = decodeBody(Buffer.from('<rss version="2.0"></rss>'), 'text/xml', 'feed');
    assert.deepEqual([ascii.charset, ascii.charsetSource], ['utf-8', 'default']);
  });

  test('windows-1256 Arabic declared in the header', () => {
    const out = decodeBody(cp1256(ARABIC), 'text/html; charset=windows-1256', 'page');
    assert.equal(out.text, ARABIC);
    assert.deepEqual([out.charset, out.charsetSource], ['windows-1256', 'header']);
  });

  test('windows-1256 Arabic declared in the XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>${ARABIC}</title></channel></rss>`;
    const out = decodeBody(cp1256(xml), 'application/rss+xml', 'feed');
    assert.equal(out.text, xml);
    assert.deepEqual([out.charset, out.charsetSource], ['windows-1256', 'xml-declaration']);
  });

  test('windows-1256 Arabic undeclared is detected', () => {
    const xml = `<rss><channel><title>${ARABIC}</title><description>المغرب اليوم</description></channel></rss>`;
    const out = decodeBody(cp1256(xml), 'text/xml', 'feed');
    assert.equal(out.text, xml);
    assert.deepEqual([out.charset, out.charsetSource], ['windows-1256', 'detected']);
    // Short titles too, where statistical detectors give up.
    assert.equal(decodeBody(cp1256('المغرب'), null, 'feed').text, 'المغرب');
  });

  test('a bilingual windows-1256 page keeps both its French and its Arabic', () => {
    const mixed = `Le Maroc — ${ARABIC} — à Rabat, élève, théâtre`;
    assert.equal(decodeBody(cp1256(mixed), null, 'page').text, mixed);
  });

  test('meta charset and meta http-equiv', () => {
    const page = `<html><head><meta charset="windows-1256"><title>${ARABIC}</title></head></html>`;
    const out = decodeBody(cp1256(page), 'text/html', 'page');
    assert.equal(out.text, page);
    assert.deepEqual([out.charset, out.charsetSource], ['windows-1256', 'meta']);
    const old = `<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"><title>${FRENCH}</title>`;
    const outOld = decodeBody(cp1252(old), 'text/html', 'page');
    assert.equal(outOld.text, old);
    assert.deepEqual([outOld.charset, outOld.charsetSource], ['windows-1252', 'meta']);
  });

  test('the header wins over the XML declaration when both are believable', () => {
    const xml = `<?xml version="1.0" encoding="windows-1256"?><t>${FRENCH}</t>`;
    const out = decodeBody(cp1252(xml), 'text/xml; charset=windows-1252', 'feed');
    assert.equal(out.charsetSource, 'header');
    assert.equal(out.text, xml);
  });

  test('header says utf-8, bytes are windows-1252: detection decides', () => {
    const out = decodeBody(cp1252(FRENCH), 'text/html; charset=utf-8', 'page');
    assert.equal(out.text, FRENCH);
    assert.deepEqual([out.charset, out.charsetSource], ['windows-1252', 'detected']);
  });

  test('header says utf-8, bytes are windows-1256: detected as Arabic', () => {
    const out = decodeBody(cp1256(ARABIC), 'text/html; charset=utf-8', 'page');
    assert.equal(out.text, ARABIC);
    assert.equal(out.charset, 'windows-1256');
  });

  test('header says utf-8 (server default), XML declaration tells the truth', () => {
    const xml = `<?xml version="1.0" encoding="windows-1256"?><t>${ARABIC}</t>`;
    const out = decodeBody(cp1256(xml), 'text/xml; charset=utf-8', 'feed');
    assert.equal(out.text, xml);
    assert.equal(out.charsetSource, 'xml-declaration');
  });

  test('header says iso-8859-1, bytes are utf-8: utf-8 wins', () => {
    const out = decodeBody(utf8(FRENCH + ARABIC), 'text/html; charset=iso-8859-1', 'page');
    assert.equal(out.text, FRENCH + ARABIC);
    assert.deepEqual([out.charset, out.charsetSource], ['utf-8', 'detected']);
  });

  test('UTF-8 read by Node or by iconv alike: well-formed, with repeated marks, or with stray bytes', () => {
    const bom = [0xef, 0xbb, 0xbf];
    // The mark itself (offset), one more (the decoder), one more (decodeBody): a fourth stays.
    const marks = Buffer.from([...bom, ...bom, ...bom, ...bom, 0x61, 0xc3, 0xa9]);
    assert.equal(decodeBody(marks, null, 'feed').text, '\ufeffaé');
    const stray = Buffer.concat([utf8(FRENCH), Buffer.from([0xc3]), utf8(ARABIC)]);
    const out = decodeBody(stray, 'text/xml; charset=utf-8', 'feed');
    assert.equal(out.text, `${FRENCH}\ufffd${ARABIC}`);
    assert.deepEqual([out.charset, out.charsetSource], ['utf-8', 'header']);
  });

  test('byte-order marks come first and are stripped', () => {
    const bomUtf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(FRENCH)]);
    const out = decodeBody(bomUtf8, 'text/xml; charset=windows-1252', 'feed');
    assert.equal(out.text, FRENCH);
    assert.deepEqual([out.charset, out.charsetSource], ['utf-8', 'bom']);

    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ARABIC, 'utf16le')]);
    assert.deepEqual((({ text, charset }) => [text, charset])(decodeBody(le, 'text/xml', 'feed')), [
      ARABIC,
      'utf-16le',
    ]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(FRENCH, 'utf16le').swap16()]);
    assert.equal(decodeBody(be, null, 'feed').text, FRENCH);
  });

  test('mojibake (UTF-8 that went through Latin-1 once) is repaired', () => {
    const damaged = utf8(iconv.decode(utf8('Été à Fès, l’économie'), 'windows-1252'));
    const out = decodeBody(damaged, 'text/html; charset=utf-8', 'page');
    assert.equal(out.text, 'Été à Fès, l’économie');
    const arabic = utf8(iconv.decode(utf8('المغرب'), 'windows-1252'));
    assert.equal(decodeBody(arabic, 'text/xml; charset=utf-8', 'feed').text, 'المغرب');
  });

  test('a long UTF-8 document with one broken byte is still UTF-8', () => {
    const bytes = Buffer.concat([utf8(FRENCH.repeat(5)), Buffer.from([0xe9]), utf8(' fin')]);
    const out = decodeBody(bytes, 'text/xml; charset=utf-8', 'feed');
    assert.equal(out.charset, 'utf-8');
    assert.ok(out.text.startsWith(FRENCH));
  });

  test('binary served as text is bad_encoding', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(0)]);
    assert.throws(
      () => decodeBody(png, 'application/rss+xml', 'feed'),
      (err: unknown) => err instanceof KiosqueError && err.kind === 'bad_encoding',
    );
  });

  test('images are not decoded', () => {
    const out = decodeBody(Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg', 'image');
    assert.deepEqual(out, { text: '', charset: 'binary', charsetSource: 'none' });
  });

  test('unknown labels are ignored, not fatal', () => {
    const out = decodeBody(utf8(FRENCH), 'text/html; charset=klingon', 'page');
    assert.equal(out.text, FRENCH);
  });
});

describe('charset helpers', () => {
  test('normalizeCharset', () => {
    assert.equal(normalizeCharset('UTF8'), 'utf-8');
    assert.equal(normalizeCharset('Latin1'), 'windows-1252');
    assert.equal(normalizeCharset('CP1256'), 'windows-1256');
    assert.equal(normalizeCharset('ISO-8859-6'), 'iso-8859-6');
    assert.equal(normalizeCharset('iso-8859-15'), 'iso-8859-15');
    assert.equal(normalizeCharset('nonsense'), null);
  });
  test('detectCharset', () => {
    assert.equal(detectCharset(cp1252(FRENCH)), 'windows-1252');
    assert.equal(detectCharset(cp1256(ARABIC)), 'windows-1256');
    assert.equal(detectCharset(utf8(ARABIC)), 'utf-8');
  });
});
