// Why an article joined no story, for whoever tunes detection: with
// KIOSQUE_STORY_TRACE set, each decision is a JSON line on stderr (the
// benchmark's missed pairs can then be read one by one). Off, it costs a
// boolean test.
const ON = Boolean(process.env.KIOSQUE_STORY_TRACE);

/** Whether decisions are traced (callers skip building what they would log). */
export const tracing = ON;

/** One decision, as a JSON line on stderr. */
export function trace(event: Record<string, unknown>): void {
  if (ON) process.stderr.write(`${JSON.stringify(event)}\n`);
}
