// The resized copies of a picture that pages ask for (/img/<id>?w=640): the
// original decoded, turned upright, scaled down to the width (never up),
// stripped of its metadata and encoded again in the best format the browser
// says it takes (AVIF, then WebP, else the original's JPEG or PNG).
//
// sharp (libvips) does the work off the main thread. It is loaded at the
// first resize only, so a process that never serves an image never maps it,
// and it runs at most ENCODERS pictures at a time with one thread each and
// no cache of its own: the proxy's disk cache keeps the results, and memory
// stays bounded however many pictures readers ask for at once.
import type { Sharp, SharpOptions } from 'sharp';
import type { ImageType } from './sniff.ts';
import { type ImageWidth, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './widths.ts';

export type VariantType = 'image/avif' | 'image/webp' | 'image/jpeg' | 'image/png';

export interface Variant {
  bytes: Buffer;
  type: VariantType;
  width: number;
  height: number;
}

/** Pictures encoded at once (the machine's cores, not more: each is CPU-bound). */
const ENCODERS = 2;

/**
 * The format to send a browser, from its Accept header: AVIF or WebP when it
 * says so, else the original's own family. Null for a GIF, which is kept as
 * it is (it may be animated, and a news GIF is small).
 */
export function variantType(accept: string | undefined, original: ImageType): VariantType | null {
  if (original === 'image/gif') return null;
  const takes = acceptedTypes(accept);
  if (takes.has('image/avif')) return 'image/avif';
  if (takes.has('image/webp')) return 'image/webp';
  return original === 'image/png' ? 'image/png' : 'image/jpeg';
}

/** The image types an Accept header names with a quality above 0 (wildcards do not count: a browser that takes AVIF names it). */
function acceptedTypes(accept: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    out.add(type);
  }
  return out;
}

/** Whether a picture of this size may be decoded at all (see MAX_IMAGE_PIXELS). */
export function tooManyPixels(width: number, height: number): string | null {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return `${width} × ${height} pixels, more than the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels or ${MAX_IMAGE_SIDE} pixels a side`;
  }
  return null;
}

type SharpFactory = (input: Buffer, options?: SharpOptions) => Sharp;
let loading: Promise<SharpFactory> | null = null;

function sharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(({ default: s }) => {
    s.cache(false); // our disk cache keeps results; libvips' own would grow with every picture
    s.concurrency(1); // one thread per picture; ENCODERS pictures at once
    return s;
  });
  return loading;
}

const decodeOptions: SharpOptions = {
  limitInputPixels: MAX_IMAGE_PIXELS,
  failOn: 'error', // a truncated picture is still shown by browsers; refuse only what cannot be decoded
  sequentialRead: true,
};

/** Width and height as shown, read from the picture's header by libvips (EXIF orientation applied). */
export async function readSize(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  const make = await sharp();
  const meta = await make(bytes, decodeOptions).metadata();
  const shown = meta.autoOrient ?? meta;
  return shown.width && shown.height ? { width: shown.width, height: shown.height } : null;
}

let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= ENCODERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/** The picture at most `width` pixels wide, encoded as `type`. Throws what libvips says when it cannot. */
export async function makeVariant(bytes: Buffer, width: ImageWidth, type: VariantType): Promise<Variant> {
  const make = await sharp();
  const release = await slot();
  try {
    let pipeline = make(bytes, decodeOptions).rotate().resize({ width, withoutEnlargement: true });
    if (type === 'image/avif') pipeline = pipeline.avif({ quality: 50, effort: 1 });
    else if (type === 'image/webp') pipeline = pipeline.webp({ quality: 72 });
    else if (type === 'image/png') pipeline = pipeline.png({ compressionLevel: 8 });
    else pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 75, mozjpeg: true });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { bytes: data, type, width: info.width, height: info.height };
  } finally {
    release();
  }
}
