import { crc32, inflateSync } from 'node:zlib';
import { create } from 'qrcode/lib/core/qrcode';
import { describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  isThrottlingError,
  mailbox,
  sendEmailInput,
} from '../../shared/adapters/ses-mailer';
import { qrPng } from '../../shared/mail/emails/qr-png';
import { addressOf, unwrapNotification } from '../../shared/use-cases/handle-mail-events';
import { decodeQr } from '../support/pdf';

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

  // A real check-in link's length: ids, key id, expiry and signature.
  const long = `https://skoleni.kraj-lbc.cz/admin/prezence/${'eyJwIjoiY2hlY2tpbiIsImlkIjoiMDFKQkNERUY4S1EzTTRONVA2UjdTOFQ5VlcuMDFKQkNERUY4'}.${'c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl'}`;

  it.each([text, long])(
    'draws exactly the modules the reference encoder (qrcode) makes for %s, with a light quiet zone',
    (text) => {
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
    },
  );

  it('is read back by a QR decoder as the link it encodes', () => {
    const png = readPng(qrPng(long));
    const pixels = new Uint8Array(png.width * png.height);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) pixels[y * png.width + x] = png.pixel(x, y) * 255;
    }
    expect(decodeQr({ width: png.width, height: png.height, pixels })).toBe(long);
  });

  it('is small enough to embed', () => {
    expect(qrPng(text).length).toBeLessThan(3000);
  });
});

/** The display name and address of a mailbox header value, encoded words decoded. */
function decodeMailbox(value: string): { name: string; address: string } {
  const match = /^(.*) <([^>]+)>$/.exec(value);
  if (!match?.[1] || !match[2]) throw new Error(`not a mailbox: ${value}`);
  const words = match[1].split(' ');
  const name = words.every((w) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=$/.test(w))
    ? Buffer.concat(words.map((w) => Buffer.from(w.slice(10, -2), 'base64'))).toString('utf8')
    : JSON.parse(match[1]);
  return { name, address: match[2] };
}

describe('sendEmailInput', () => {
  const email = {
    to: { address: 'jana@example.cz', name: 'Jana Nováková' },
    subject: 'Registrace potvrzena: Školení',
    text: 'Dobrý den, žluťoučký kůň',
    html: '<p>Dobrý den</p><img src="cid:qr@test" alt="QR">',
    attachments: [
      { filename: 'qr.png', content: qrPng('x'), contentType: 'image/png', cid: 'qr@test' },
      {
        filename: 'akce.ics',
        content: 'BEGIN:VCALENDAR\r\nSUMMARY:Školení\r\nEND:VCALENDAR\r\n',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ],
  };

  it('asks SES for simple content: UTF-8 text and HTML, the inline QR image and the .ics', () => {
    const input = sendEmailInput(
      { name: 'Chytrá školení', address: 'skoleni@kraj-lbc.cz' },
      email,
      'events',
    );
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.ConfigurationSetName).toBe('events');
    expect(decodeMailbox(input.FromEmailAddress ?? '')).toEqual({
      name: 'Chytrá školení',
      address: 'skoleni@kraj-lbc.cz',
    });
    const [to, ...others] = input.Destination?.ToAddresses ?? [];
    expect(others).toEqual([]);
    expect(decodeMailbox(to ?? '')).toEqual({ name: 'Jana Nováková', address: 'jana@example.cz' });
    const simple = input.Content?.Simple;
    expect(simple?.Subject).toEqual({ Data: email.subject, Charset: 'UTF-8' });
    expect(simple?.Body).toEqual({
      Text: { Data: email.text, Charset: 'UTF-8' },
      Html: { Data: email.html, Charset: 'UTF-8' },
    });
    expect(simple?.Headers).toContainEqual({ Name: 'Auto-Submitted', Value: 'auto-generated' });
    const [qr, ics] = simple?.Attachments ?? [];
    expect(qr).toMatchObject({
      FileName: 'qr.png',
      ContentType: 'image/png',
      ContentDisposition: 'INLINE',
      ContentId: 'qr@test',
      ContentTransferEncoding: 'BASE64',
    });
    expect(qr?.RawContent).toEqual(email.attachments[0]?.content);
    expect(ics).toMatchObject({
      FileName: 'akce.ics',
      ContentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      ContentDisposition: 'ATTACHMENT',
      ContentTransferEncoding: 'BASE64',
    });
    expect(ics?.ContentId).toBeUndefined();
    expect(Buffer.from(ics?.RawContent ?? new Uint8Array()).toString('utf8')).toContain(
      'SUMMARY:Školení',
    );
  });

  it('names a recipient without a name by the address alone', () => {
    const input = sendEmailInput(
      { name: 'Kraj', address: 'skoleni@kraj-lbc.cz' },
      {
        ...email,
        to: { address: 'jana@example.cz' },
      },
    );
    expect(input.Destination?.ToAddresses).toEqual(['jana@example.cz']);
    expect(input.ConfigurationSetName).toBeUndefined();
  });
});

describe('mailbox', () => {
  it('quotes an ASCII name and encodes any other in words of at most 75 characters', () => {
    expect(mailbox('a@example.cz', 'Jan "Honza" Novak')).toBe(
      '"Jan \\"Honza\\" Novak" <a@example.cz>',
    );
    expect(decodeMailbox(mailbox('a@example.cz', 'Jan "Honza" Novak')).name).toBe(
      'Jan "Honza" Novak',
    );
    const long = 'Mgr. Žofie Řeháčková-Šťastná, vedoucí odboru regionálního rozvoje 🙂';
    const value = mailbox('zofie@example.cz', long);
    const words = value.slice(0, value.indexOf(' <')).split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeMailbox(value)).toEqual({ name: long, address: 'zofie@example.cz' });
    // A line break in a name cannot start a header of its own.
    expect(mailbox('a@example.cz', 'Jana\r\nBcc: x@example.cz')).not.toMatch(/[\r\n]/);
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
