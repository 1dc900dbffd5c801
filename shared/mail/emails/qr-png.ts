import { crc32, deflateSync } from 'node:zlib';
import { correction, generate } from 'lean-qr';

export interface QrPngOptions {
  /** Pixels per module. */
  scale?: number;
  /** Light modules around the symbol; the QR specification asks for four. */
  margin?: number;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A black-on-white PNG of the QR code of `text`: 1-bit greyscale, so a check-in code weighs
 * about a kilobyte. Email clients show PNG everywhere, unlike SVG or data: URLs.
 */
export function qrPng(text: string, options: QrPngOptions = {}): Buffer {
  const scale = options.scale ?? 6;
  const margin = options.margin ?? 4;
  // Level M exactly, as before: lean-qr (7 KB, against 21 KB of qrcode's encoder) would raise
  // the level where the version allows, which changes the symbol for nothing a door needs.
  const modules = generate(text, {
    minCorrectionLevel: correction.M,
    maxCorrectionLevel: correction.M,
  });
  const side = (modules.size + 2 * margin) * scale;
  const rowBytes = Math.ceil(side / 8);
  // Each scanline: filter byte 0 (none), then bits; 1 is white, 0 is black.
  const raw = Buffer.alloc((rowBytes + 1) * side, 0);
  for (let y = 0; y < side; y++) {
    const rowStart = y * (rowBytes + 1);
    const moduleRow = Math.floor(y / scale) - margin;
    for (let x = 0; x < side; x++) {
      const moduleCol = Math.floor(x / scale) - margin;
      const dark =
        moduleRow >= 0 &&
        moduleRow < modules.size &&
        moduleCol >= 0 &&
        moduleCol < modules.size &&
        modules.get(moduleCol, moduleRow);
      if (!dark) {
        const index = rowStart + 1 + (x >> 3);
        raw[index] = (raw[index] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  header.writeUInt8(0, 10); // deflate
  header.writeUInt8(0, 11); // adaptive filtering
  header.writeUInt8(0, 12); // no interlace
  return Buffer.concat([
    pngSignature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
