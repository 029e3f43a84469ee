// Byte sizes as people write them in a config file: 5242880, "5MB", "512 KB", "1.5 Mo".

const UNITS: Record<string, number> = {
  b: 1,
  o: 1, // French: octet
  k: 1024,
  kb: 1024,
  kib: 1024,
  ko: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  mo: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  go: 1024 ** 3,
};

/**
 * Parses a byte size; KB and MB are binary (1024), as in nginx and most servers,
 * since the limit guards memory. Returns null when the text is not a size or
 * the size is not a positive whole number of bytes.
 */
export function parseByteSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return null;
  const unit = UNITS[(match[2] ?? '').toLowerCase() || 'b'];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number((match[1] ?? '').replace(',', '.')) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
