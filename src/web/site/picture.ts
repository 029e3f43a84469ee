// How a page asks for a picture: the proxy's resized copies in a srcset
// (src/web/images/widths.ts), the width the picture takes on screen in
// `sizes`, so that a phone downloads the 320 or 640 copy and not the
// publisher's 2,000-pixel original; and its width and height, so that the
// browser reserves the box before the bytes arrive and the text never jumps.
// A picture the proxy has not fetched yet has no known size: it gets the
// press's usual 16:9 box, and the `unsized` class fits it into that box.
import { DEFAULT_IMAGE_WIDTH, IMAGE_WIDTHS, UNKNOWN_IMAGE_SIZE } from '../images/widths.ts';
import { paths } from './paths.ts';

/**
 * Where a page points a blocked image: the proxy answers the placeholder for
 * it, and the URL is not the one a browser may still hold the picture under
 * (images are cached an hour), so the block shows at the next page load.
 */
export function blockedImagePath(id: number): string {
  return `${paths.image(id)}?blocked`;
}

/** The width pictures take, for `sizes`: the layout's own measures (site.css). */
export const IMAGE_SIZES = {
  /** A card's thumbnail: the whole width on a phone, a column of the card grid (72rem, three or four across) beyond. */
  card: '(max-width: 40rem) calc(100vw - 2rem), 24rem',
  /** The article's column: --measure, 42rem. */
  column: '(max-width: 44rem) calc(100vw - 2rem), 42rem',
} as const;

export interface Picture {
  src: string;
  /** Null for a blocked picture: the placeholder has one size. */
  srcset: string | null;
  width: number;
  height: number;
  /** The size is a guess (16:9): CSS fits the picture into the box. */
  unsized: boolean;
}

export interface PictureSize {
  width: number | null;
  height: number | null;
}

/** The copies of picture `id` a page lists, no wider than the picture itself when its width is known. */
export function srcset(id: number, ownWidth: number | null): string {
  const path = paths.image(id);
  if (ownWidth === null) return IMAGE_WIDTHS.map((w) => `${path}?w=${w} ${w}w`).join(', ');
  const out: string[] = [];
  for (const w of IMAGE_WIDTHS) {
    if (w < ownWidth) out.push(`${path}?w=${w} ${w}w`);
    else {
      // The first copy at least as wide as the picture is the picture at its own size.
      out.push(`${path}?w=${w} ${ownWidth}w`);
      break;
    }
  }
  return out.join(', ');
}

export function picture(id: number, size: PictureSize, blocked = false): Picture {
  const known = size.width !== null && size.height !== null && size.width > 0 && size.height > 0;
  const width = known ? size.width! : UNKNOWN_IMAGE_SIZE.width;
  const height = known ? size.height! : UNKNOWN_IMAGE_SIZE.height;
  if (blocked) return { src: blockedImagePath(id), srcset: null, width, height, unsized: !known };
  const src = `${paths.image(id)}?w=${known ? Math.min(DEFAULT_IMAGE_WIDTH, widthAtLeast(size.width!)) : DEFAULT_IMAGE_WIDTH}`;
  return { src, srcset: srcset(id, known ? size.width : null), width, height, unsized: !known };
}

/** The smallest copy width that holds a picture this wide (its own size), or the widest. */
function widthAtLeast(width: number): number {
  return IMAGE_WIDTHS.find((w) => w >= width) ?? IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]!;
}

/**
 * The attributes of an <img> showing `p`, as text: for the article body,
 * which is assembled as a string (body.ts). Every value is a number or a
 * path of ours, nothing to escape.
 */
export function pictureAttributes(p: Picture, sizes: string): string {
  return `src="${p.src}"${p.srcset ? ` srcset="${p.srcset}" sizes="${sizes}"` : ''} width="${p.width}" height="${p.height}"${p.unsized ? ' class="unsized"' : ''}`;
}
