import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';

/** The text of every page as pdf.js reads it (what a screen reader or a search finds). */
export async function pdfPagesText(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  return text;
}

export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  pixels: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the PNG row filters (FlateDecode with /Predictor ≥ 10) of a greyscale image. */
function unpredict(data: Uint8Array, rowBytes: number, bytesPerPixel: number): Uint8Array {
  const rows = data.length / (rowBytes + 1);
  const out = new Uint8Array(rows * rowBytes);
  for (let row = 0; row < rows; row++) {
    const filter = data[row * (rowBytes + 1)] as number;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[row * (rowBytes + 1) + 1 + i] as number;
      const left = i >= bytesPerPixel ? (out[row * rowBytes + i - bytesPerPixel] as number) : 0;
      const up = row > 0 ? (out[(row - 1) * rowBytes + i] as number) : 0;
      const upLeft =
        row > 0 && i >= bytesPerPixel
          ? (out[(row - 1) * rowBytes + i - bytesPerPixel] as number)
          : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      out[row * rowBytes + i] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/**
 * The greyscale image XObjects embedded in a PDF, decoded from their stored streams (the
 * bytes a viewer draws), so a test reads the picture that is really in the file.
 */
export async function pdfGreyImages(pdf: Uint8Array): Promise<GreyImage[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const images: GreyImage[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const dict = object.dict;
    if (dict.get(PDFName.of('Subtype'))?.toString() !== '/Image') continue;
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const bits = (dict.get(PDFName.of('BitsPerComponent')) as PDFNumber).asNumber();
    const rowBytes = Math.ceil((width * bits) / 8);
    let data: Uint8Array = inflateSync(object.contents);
    if (data.length === height * (rowBytes + 1)) data = unpredict(data, rowBytes, 1);
    const pixels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (bits === 8) {
          pixels[y * width + x] = data[y * rowBytes + x] as number;
        } else {
          const byte = data[y * rowBytes + ((x * bits) >> 3)] as number;
          const shift = 8 - bits - ((x * bits) % 8);
          const value = (byte >> shift) & ((1 << bits) - 1);
          pixels[y * width + x] = Math.round((value * 255) / ((1 << bits) - 1));
        }
      }
    }
    images.push({ width, height, pixels });
  }
  return images;
}

/** What a QR decoder reads in the image, or undefined when it finds no code. */
export function decodeQr(image: GreyImage): string | undefined {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.pixels.length; i++) {
    const v = image.pixels[i] as number;
    rgba.set([v, v, v, 255], i * 4);
  }
  return jsQR(rgba, image.width, image.height)?.data;
}
