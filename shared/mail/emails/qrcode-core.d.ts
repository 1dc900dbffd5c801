/**
 * The qrcode package's encoder without its renderers (they pull in pngjs and more); the email
 * renders the module matrix to PNG itself. The public typings only describe the main entry.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}
