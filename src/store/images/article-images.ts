// An article's images (article_images): which images it shows, in the order
// its feed or page gave them. Written by a feed run and by a fetched page.
import type { Transaction } from 'kysely';
import { chunks } from '../chunks.ts';
import type { Database } from '../schema.ts';

/** An image of an article as the feed or the page gave it. */
export interface ArticleImage {
  url: string;
  /** Where it was found: in the feed entry (enclosure, media:content, content, ...) or on its page ('page'). */
  foundIn: string | null;
  caption: string | null;
}

/**
 * Links the images of several articles in three statements for the whole
 * batch (not three per article): images are stored once by URL, then
 * linked in the order given. With `replace`, an article's old links go first.
 */
export async function linkArticleImages(
  trx: Transaction<Database>,
  work: Array<{ articleId: number; images: ArticleImage[]; replace: boolean }>,
  at: string,
): Promise<void> {
  const replaced = work.filter((w) => w.replace).map((w) => w.articleId);
  for (const part of chunks(replaced)) {
    await trx.deleteFrom('article_images').where('article_id', 'in', part).execute();
  }
  const urls = [...new Set(work.flatMap((w) => w.images.map((i) => i.url)))];
  if (!urls.length) return;
  const idByUrl = new Map<string, number>();
  for (const part of chunks(urls)) {
    await trx
      .insertInto('images')
      .values(part.map((url) => ({ url, first_seen_at: at })))
      .onConflict((oc) => oc.column('url').doNothing())
      .execute();
    for (const r of await trx.selectFrom('images').select(['id', 'url']).where('url', 'in', part).execute()) {
      idByUrl.set(r.url, Number(r.id));
    }
  }
  const links = [];
  for (const { articleId, images } of work) {
    const seen = new Set<number>();
    for (const [position, image] of images.entries()) {
      const imageId = idByUrl.get(image.url);
      if (imageId === undefined || seen.has(imageId)) continue;
      seen.add(imageId);
      links.push({
        article_id: articleId,
        image_id: imageId,
        position,
        found_in: image.foundIn,
        caption: image.caption,
      });
    }
  }
  for (const part of chunks(links, 100)) await trx.insertInto('article_images').values(part).execute();
}
