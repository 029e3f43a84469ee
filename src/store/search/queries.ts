// "Lire aussi" as the class site-queries.ts still builds; kept until that
// file moves to src/store/articles and calls relatedArticles itself.
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';
import type { Database } from '../schema.ts';
import { relatedArticles } from './related.ts';

export class SearchQueries {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {}

  related(articleId: number, sourceIds: number[], limit: number): Promise<number[]> {
    return relatedArticles(this, articleId, sourceIds, limit);
  }
}
