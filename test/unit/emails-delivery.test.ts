import { crc32, inflateSync } from 'node:zlib';
import { create } from 'qrcode/lib/core/qrcode';
import { describe, expect, it } from 'vitest';
import {
  composeRawEmail,
  createRateLimiter,
  isThrottlingError,
} from '../../shared/adapters/ses-mailer';
import { addressOf, unwrapNotification } from '../../shared/use-cases/handle-mail-events';
import { qrPng } from '../../shared/web/emails/qr-png';

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  pixel(x: number, y: number): 0 | 1;
}

/** A minimal reader for the 1-bit greyscale PNGs qrPng writes; verifies every chunk's CRC. */
function readPng(png: Buffer): Png {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(
      crc32(png.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = Math.ceil(width / 8);
  expect(raw.length).toBe((rowBytes + 1) * height);
  return {
    width,
    height,
    bitDepth: header.readUInt8(8),
    colourType: header.readUInt8(9),
    pixel(x, y) {
      const row = y * (rowBytes + 1);
      expect(raw[row]).toBe(0); // filter type "none"
      const byte = raw[row + 1 + (x >> 3)] ?? 0;
      return ((byte >> (7 - (x & 7))) & 1) as 0 | 1;
    },
  };
}

describe('qrPng', () => {
  const text = 'https://skoleni.example.cz/admin/prezence/eyJwIjoiY2hlY2tpbiJ9.c2lnbmF0dXJl';

  it('draws exactly the modules of the QR symbol, with a light quiet zone', () => {
    const scale = 3;
    const margin = 4;
    const png = readPng(qrPng(text, { scale, margin }));
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    expect(png.bitDepth).toBe(1);
    expect(png.colourType).toBe(0);
    expect(png.width).toBe((modules.size + 2 * margin) * scale);
    expect(png.height).toBe(png.width);
    for (let row = -margin; row < modules.size + margin; row++) {
      for (let col = -margin; col < modules.size + margin; col++) {
        const inside = row >= 0 && col >= 0 && row < modules.size && col < modules.size;
        const dark = inside && modules.data[row * modules.size + col] === 1;
        // Sample the centre of the module's pixel square; 0 is black in greyscale.
        const x = (col + margin) * scale + 1;
        const y = (row + margin) * scale + 1;
        expect(png.pixel(x, y)).toBe(dark ? 0 : 1);
      }
    }
  });

  it('is small enough to embed', () => {
    expect(qrPng(text).length).toBeLessThan(3000);
  });
});

describe('composeRawEmail', () => {
  it('builds text and HTML alternatives, an inline image and attachments in UTF-8', async () => {
    const raw = (
      await composeRawEmail(
        { name: 'Chytrá školení', address: 'skoleni@kraj-lbc.cz' },
        {
          to: { address: 'jana@example.cz', name: 'Jana Nováková' },
          subject: 'Registrace potvrzena: Školení',
          text: 'Dobrý den, žluťoučký kůň',
          html: '<p>Dobrý den</p><img src="cid:qr@test" alt="QR">',
          attachments: [
            { filename: 'qr.png', content: qrPng('x'), contentType: 'image/png', cid: 'qr@test' },
            {
              filename: 'akce.ics',
              content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
              contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            },
          ],
        },
      )
    ).toString('utf8');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(raw).toMatch(/^To: =\?UTF-8\?Q\?Jana_Nov=C3=A1kov=C3=A1\?= <jana@example.cz>/m);
    expect(raw).toContain('Content-Type: multipart/alternative');
    expect(raw).toContain('Content-Type: text/plain; charset=utf-8');
    expect(raw).toContain('Content-Type: multipart/related');
    expect(raw).toContain('Content-Type: text/html; charset=utf-8');
    expect(raw).toContain('Content-ID: <qr@test>');
    expect(raw).toContain(
      'Content-Type: text/calendar; charset=utf-8; method=PUBLISH; name=akce.ics',
    );
    expect(raw).toContain('Content-Disposition: attachment; filename=akce.ics');
    expect(raw).toContain('Auto-Submitted: auto-generated');
  });
});

describe('rate limiter', () => {
  it('spaces sends evenly and never lets a burst through, even after a long pause', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter(
      2,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    await limiter.take();
    expect(waits).toEqual([]);
    await limiter.take();
    await limiter.take();
    expect(waits).toEqual([500, 500]);
    now += 10_000;
    await limiter.take();
    await limiter.take();
    expect(waits).toEqual([500, 500, 500]);
  });

  it('keeps to a rate below one send per second', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter(
      0.5,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    await limiter.take();
    await limiter.take();
    expect(waits).toEqual([2000]);
  });
});

describe('isThrottlingError', () => {
  it.each([
    [{ name: 'TooManyRequestsException' }, true],
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'LimitExceededException' }, true],
    [{ name: 'Whatever', $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, false],
    [new Error('boom'), false],
    [undefined, false],
  ])('%o → %s', (error, expected) => {
    expect(isThrottlingError(error)).toBe(expected);
  });
});

describe('SES notifications', () => {
  const sesEvent = { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } };

  it('unwraps an SNS envelope and accepts raw delivery', () => {
    const envelope = JSON.stringify({ Type: 'Notification', Message: JSON.stringify(sesEvent) });
    expect(unwrapNotification(envelope)).toEqual(sesEvent);
    expect(unwrapNotification(JSON.stringify(sesEvent))).toEqual(sesEvent);
    expect(
      unwrapNotification(JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'hi' })),
    ).toBeUndefined();
    expect(() => unwrapNotification('not json')).toThrow('invalid_json');
  });

  it('normalises recipient addresses', () => {
    expect(addressOf('Jana.Novakova@Example.CZ ')).toBe('jana.novakova@example.cz');
    expect(addressOf('"Jana" <Jana@Example.cz>')).toBe('jana@example.cz');
  });
});
