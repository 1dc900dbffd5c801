import { randomBytes } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { loadFunction } from '../../infra/local/runtime';
import { keys, legacyEmailDigest } from '../../shared/adapters/dynamo/keys';
import { createSuppressionRepository } from '../../shared/adapters/suppression-repository';
import { mailDedupeKey } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { cancelRegistration } from '../../shared/use-cases/cancel-registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { useCaseDeps } from '../support/app-under-test';
import { inDays, queueDepth, sqsRecord } from '../support/fixtures';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';

let env: TestEnvironment;
let runtime: Runtime;
let deps: ReturnType<typeof useCaseDeps>;
let suppression: ReturnType<typeof createSuppressionRepository>;
let mailEvents: typeof import('../../functions/mail-events');

beforeAll(async () => {
  env = await createTestEnvironment({ visibilityTimeoutSeconds: 1 });
  deps = useCaseDeps(env);
  suppression = createSuppressionRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  runtime = await startTestRuntime(env);
  mailEvents = await loadFunction<typeof import('../../functions/mail-events')>('mailEvents');
});

afterAll(async () => {
  await runtime?.stop();
});

const uniqueAddress = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.cz`;

/** A bounce as SES event publishing writes it, inside the SNS envelope SQS receives. */
function snsBounce(address: string, sesMessageId: string, bounceType = 'Permanent'): string {
  const sesEvent = {
    eventType: 'Bounce',
    bounce: {
      feedbackId: '0102017c1b2f3a4b-5c6d7e8f-1234-5678-9abc-def012345678-000000',
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: [
        {
          emailAddress: address,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
      timestamp: new Date().toISOString(),
      remoteMtaIp: '127.0.2.0',
      reportingMTA: 'dsn; b232-4.smtp-out.eu-central-1.amazonses.com',
    },
    mail: {
      timestamp: new Date().toISOString(),
      source: 'Chytrá školení Libereckého kraje <skoleni@kraj-lbc.cz>',
      sourceArn: 'arn:aws:ses:eu-central-1:123456789012:identity/kraj-lbc.cz',
      sendingAccountId: '123456789012',
      messageId: sesMessageId,
      destination: [address],
      headersTruncated: false,
      headers: [{ name: 'To', value: address }],
      commonHeaders: {
        from: ['skoleni@kraj-lbc.cz'],
        to: [address],
        subject: 'Registrace potvrzena',
      },
      tags: { 'ses:configuration-set': ['chytra-skoleni'] },
    },
  };
  return JSON.stringify({
    Type: 'Notification',
    MessageId: '2f4ab0a4-6c5e-5a8e-9d41-0b5b5e2c1c11',
    TopicArn: 'arn:aws:sns:eu-central-1:123456789012:chytra-skoleni-mail-events',
    Message: JSON.stringify(sesEvent),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService.pem',
    UnsubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe',
  });
}

let recordCount = 0;
function record(body: string, messageId = `event-${++recordCount}`): SQSRecord {
  return sqsRecord(body, messageId, 'mailEvents');
}

describe('bounces and complaints', () => {
  it('a permanent bounce suppresses the address, flags the registration and stops later emails', async () => {
    const event = await createEvent(deps, {
      title: 'Elektronický podpis v praxi',
      startsAt: inDays(8),
      endsAt: inDays(8, 2),
      venue: 'Česká Lípa',
      capacity: 10,
      modernTechFocus: true,
    });
    const to = uniqueAddress('neexistuje');
    await register(deps, event.id, { name: 'Eva Malá', email: to, role: 'citizen', consent: true });
    const [confirmation] = await waitFor(
      async () => {
        const emails = await sentEmails(env, to);
        return emails.length > 0 && emails;
      },
      { what: 'the confirmation' },
    );
    if (!confirmation) throw new Error('no confirmation');
    const [registration] = await deps.events.listRegistrations(event.id);
    if (!registration) throw new Error('no registration');

    await env.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: env.queueUrls.mailEvents,
        MessageBody: snsBounce(to, confirmation.messageId),
      }),
    );
    await waitFor(
      async () => (await deps.events.getRegistration(event.id, registration.id))?.undeliverable,
      { what: 'the registration to be flagged undeliverable' },
    );
    expect(await suppression.isSuppressed(to)).toBe(true);
    // The suppression record keeps no readable address.
    const stored = await env.clients.dynamo.send(
      new GetCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.suppressedAddress(createAddressHasher(env.config.hashingSecret)(to)),
      }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain(to);
    // Keyed with the secret (a dictionary of addresses does not reverse it) and expiring.
    expect(stored.Item?.pk).not.toContain(legacyEmailDigest(to));
    expect(stored.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 700 * 86_400);

    // A later email to the address: the cancellation confirmation is skipped, not sent.
    await cancelRegistration(deps, event.id, registration.id);
    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
      what: 'the mail queue to drain',
    });
    const cancelledKey = mailDedupeKey({
      kind: 'registration-cancelled',
      eventId: event.id,
      registrationId: registration.id,
    });
    const record = await env.clients.dynamo.send(
      new GetCommand({ TableName: env.config.TABLE_NAME, Key: keys.sentMail(cancelledKey) }),
    );
    expect(record.Item).toBeUndefined();
    expect((await sentEmails(env, to)).map((e) => e.subject)).toEqual([confirmation.subject]);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mailEvents)).toBe(0);
  });

  it('handles complaints (raw delivery), ignores transient bounces and other events, fails junk', async () => {
    const complainer = `"Stěžovatel" <${uniqueAddress('Stiznost').toUpperCase()}>`;
    const complaint = JSON.stringify({
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: complainer }],
        complaintFeedbackType: 'abuse',
        timestamp: new Date().toISOString(),
        feedbackId: 'feedback-1',
      },
      mail: { messageId: 'unknown-message-id', destination: [complainer] },
    });
    const transientTo = uniqueAddress('plna-schranka');
    const delivery = JSON.stringify({
      eventType: 'Delivery',
      mail: { messageId: 'x' },
      delivery: { recipients: [uniqueAddress('doruceno')] },
    });
    const records = [
      record(complaint, 'complaint'),
      record(snsBounce(transientTo, 'y', 'Transient'), 'transient'),
      record(delivery, 'delivery'),
      record('not json at all', 'junk'),
      record(
        JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }),
        'no-recipients',
      ),
      record(JSON.stringify({ hello: 'world' }), 'no-type'),
    ];
    const result = await mailEvents.handler({ Records: records });
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'junk',
      'no-recipients',
      'no-type',
    ]);
    const complainerAddress = /<(.+)>/.exec(complainer)?.[1]?.toLowerCase() ?? '';
    expect(await suppression.isSuppressed(complainerAddress)).toBe(true);
    expect(await suppression.isSuppressed(transientTo)).toBe(false);

    // Delivered again: nothing changes, nothing fails.
    const again = await mailEvents.handler({ Records: [record(complaint)] });
    expect(again.batchItemFailures).toEqual([]);
  });
});
