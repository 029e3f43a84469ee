// Why an article joined no story, for whoever tunes detection: once
// `traceStoryDecisions(true)` is called (bench:story-quality does, with
// KIOSQUE_STORY_TRACE=1), each decision is a JSON line on stderr, so the
// benchmark's missed pairs can be read one by one. Off, it costs a boolean
// test.
let on = false;

/** Turns the trace on or off (the process's own choice: the store reads no environment). */
export function traceStoryDecisions(enabled: boolean): void {
  on = enabled;
}

/** Whether decisions are traced (callers skip building what they would log). */
export function tracing(): boolean {
  return on;
}

/** One decision, as a JSON line on stderr. */
export function trace(event: Record<string, unknown>): void {
  if (on) process.stderr.write(`${JSON.stringify(event)}\n`);
}
