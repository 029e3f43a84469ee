// Text repairs shared by the stages that read publishers' words.
import iconv from 'iconv-lite';

// A UTF-8 lead byte read as windows-1252 (Ã Â Ø Ù Ð ...) followed by a
// continuation byte read the same way (0x80-0xBF: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž
// ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ and U+00A0-U+00BF). That pair almost never occurs
// in real French or Arabic text, so it marks UTF-8 that was decoded as Latin-1.
const CONTINUATION =
  '\u0080-\u00BF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178';
const MOJIBAKE = new RegExp(`[\u00C2-\u00F4][${CONTINUATION}]`);
const MOJIBAKE_ALL = new RegExp(`[\u00C2-\u00F4][${CONTINUATION}]`, 'g');

/**
 * Repairs text that was UTF-8 but got decoded as windows-1252 or Latin-1
 * ("Ã©tÃ©" becomes "été", "Ø§Ù„" becomes "ال"). Text that is not damaged is
 * returned unchanged; text that only partly looks damaged is repaired only
 * when the whole round trip gives valid UTF-8 with fewer suspicious pairs.
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  // Every character must map back to one byte, or the text was never Latin-1.
  const bytes = iconv.encode(text, 'windows-1252');
  if (iconv.decode(bytes, 'windows-1252') !== text) {
    // Latin-1 proper maps 0x80-0x9F to C1 controls; try that reading too.
    const latin1 = iconv.encode(text, 'latin1');
    if (iconv.decode(latin1, 'latin1') !== text) return repairRuns(text);
    return decodeIfValid(latin1) ?? text;
  }
  return decodeIfValid(bytes) ?? repairRuns(text);
}

function decodeIfValid(bytes: Buffer): string | null {
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const before = (bytes.toString('latin1').match(MOJIBAKE_ALL) ?? []).length;
    const after = (decoded.match(MOJIBAKE_ALL) ?? []).length;
    return after < before || before > 0 ? decoded : null;
  } catch {
    return null;
  }
}

// Mixed text (a correct "’" next to a broken "Ã©"): repair each damaged run alone.
function repairRuns(text: string): string {
  return text.replace(new RegExp(`(?:[\u00C2-\u00F4][${CONTINUATION}]+)+`, 'g'), (run) => {
    const bytes = iconv.encode(run, 'windows-1252');
    if (iconv.decode(bytes, 'windows-1252') !== run) return run;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return run;
    }
  });
}

/** Collapses every run of white space (including no-break spaces) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(SPACE_RUN_TO_CHANGE, ' ').trim();
}

/**
 * The runs of [\s\u00A0\u200B\uFEFF]+ that are not a lone space already (\s
 * holds U+00A0 and U+FEFF): replacing every lone space by itself was most of
 * the work on prose, and the result is the same.
 */
export const SPACE_RUN_TO_CHANGE = /[\s\u200B]{2,}|[^\S ]|\u200B/g;
