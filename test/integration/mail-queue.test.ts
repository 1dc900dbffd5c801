import { randomBytes } from 'node:crypto';
import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMailQueue,
  MailMessageTooLargeError,
  mailBatchMaxBytes,
} from '../../shared/adapters/mail-queue';
import type { MailMessage } from '../../shared/domain/mail-message';
import { drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

/** The real client, with every batch it sends recorded. */
function recordingSqs(): { sqs: SQSClient; batches: SendMessageBatchCommand[] } {
  const batches: SendMessageBatchCommand[] = [];
  const real = env.clients.sqs;
  const sqs = {
    send: (command: SendMessageBatchCommand) => {
      batches.push(command);
      return real.send(command);
    },
  } as unknown as SQSClient;
  return { sqs, batches };
}

/** A certificate's message with a PDF of about the size the renderer makes (33 KB). */
const certificate = (n: number, pdfBytes = 33_000): MailMessage => ({
  kind: 'certificate',
  eventId: 'e1',
  registrationId: `r${n}`,
  number: `LK-2026-${String(n).padStart(6, '0')}`,
  pdf: randomBytes(pdfBytes).toString('base64'),
});

describe('mail queue', () => {
  it('splits messages carrying files into batches SQS takes, and delivers each intact', async () => {
    await drainMailQueue(env);
    const { sqs, batches } = recordingSqs();
    const messages = Array.from({ length: 12 }, (_, n) => certificate(n));
    await createMailQueue(sqs, env.queueUrls.mail).enqueue(messages);

    expect(batches.length).toBeGreaterThan(2);
    for (const batch of batches) {
      const entries = batch.input.Entries ?? [];
      expect(entries.length).toBeLessThanOrEqual(10);
      const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
      expect(bytes).toBeLessThanOrEqual(mailBatchMaxBytes);
    }
    const received = await drainMailQueue(env);
    const byRegistration = (m: MailMessage) => ('registrationId' in m ? m.registrationId : '');
    expect(received.sort((a, b) => byRegistration(a).localeCompare(byRegistration(b)))).toEqual(
      messages.sort((a, b) => byRegistration(a).localeCompare(byRegistration(b))),
    );
  });

  it('refuses a message over the limit before sending anything', async () => {
    await drainMailQueue(env);
    const { sqs, batches } = recordingSqs();
    const queue = createMailQueue(sqs, env.queueUrls.mail);
    await expect(
      queue.enqueue([certificate(1), certificate(2, mailBatchMaxBytes)]),
    ).rejects.toBeInstanceOf(MailMessageTooLargeError);
    expect(batches).toEqual([]);
    expect(await drainMailQueue(env)).toEqual([]);
  });
});
