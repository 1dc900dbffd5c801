/**
 * The qrcode package's encoder without its renderers, the reference the check-in code is
 * compared with. The public typings only describe the main entry.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}
