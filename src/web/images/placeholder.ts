// The neutral placeholder shown instead of an image that is blocked, broken
// or unknown: a flat light-grey 16:9 PNG (160×90, a few hundred bytes), made
// here in code so nothing opaque sits in the repository. PNG rather than SVG
// because the proxy serves raster images only, placeholder included.
// PNG chunks end with a CRC-32: zlib's own (Node 20.15+).
import { crc32, deflateSync } from 'node:zlib';

const WIDTH = 160;
const HEIGHT = 90;
const GREY = 0xe5;

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

function greyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(WIDTH + 1, GREY);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: HEIGHT }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PLACEHOLDER_PNG: Buffer = greyPng();
export const PLACEHOLDER_TYPE = 'image/png';
export const PLACEHOLDER_ETAG = '"kiosque-placeholder-1"';
