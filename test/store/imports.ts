// What a TypeScript file imports, read from its text (no parser needed for
// the project's own import lines); shared by the store's boundary tests.

/** The modules a file imports or re-exports (`import … from 'x'`, `export … from 'x'`, `import 'x'`), type-only ones included. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(pattern)) found.push(m[1] as string);
  return found;
}
