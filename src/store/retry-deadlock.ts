import { workCounts } from '../util/work-counts.ts';

/**
 * Runs a PostgreSQL transaction again when the server chose it as a
 * deadlock's victim (40P01) or could not serialize it (40001): nothing of it
 * was kept, and the other side has gone on, so a second try succeeds.
 */
export async function retryDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '40P01') workCounts.deadlockRetries++;
      if (code === '40001') workCounts.serializationRetries++;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.random() * 50));
    }
  }
}
