// The widths the image proxy makes of every picture (/img/<id>?w=<width>),
// and what a page needs to ask for them. Kept apart from the resizing code
// (variants.ts) so that pages can build their srcset without loading sharp.
//
// Four widths: a phone's card (320), a phone's column at 2× or a desktop
// card (640), a desktop column at 1.5–2× (960, 1280). More would cost disk
// and encoding for a few kilobytes saved.
export const IMAGE_WIDTHS = [320, 640, 960, 1280] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];

/** What a page's `src` asks for: the fallback of browsers that ignore srcset. */
export const DEFAULT_IMAGE_WIDTH: ImageWidth = 640;

/**
 * The size a page gives an image whose own we do not know yet (the proxy
 * learns it at the first fetch): the press's usual 16:9, so the box is
 * reserved and the picture is fitted into it rather than moving the text.
 */
export const UNKNOWN_IMAGE_SIZE = { width: 1280, height: 720 } as const;

export function isImageWidth(n: number): n is ImageWidth {
  return (IMAGE_WIDTHS as readonly number[]).includes(n);
}

/**
 * Pixels a picture may have, originals and resized alike: a decompression
 * bomb (a few kilobytes that decode to gigabytes) is refused before any
 * decoder sees it. 40 megapixels is a 7,700 × 5,200 photo, larger than any
 * press picture.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** And a side longer than this is refused too (a 1 × 40,000,000 strip). */
export const MAX_IMAGE_SIDE = 16_384;
