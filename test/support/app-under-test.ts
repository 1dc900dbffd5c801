import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Hono } from 'hono';
import { asFunction } from '../../infra/local/iam/enforce';
import { createDynamo, createSqs } from '../../shared/adapters/clients';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createMailQueue } from '../../shared/adapters/mail-queue';
import { createReminderRepository } from '../../shared/adapters/reminder-repository';
import { createSurveyRepository } from '../../shared/adapters/survey-repository';
import { reminderOffsetsHours } from '../../shared/config';
import { type MailMessage, mailMessageSchema } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { createApp } from '../../shared/web/app';
import type { AppDeps } from '../../shared/web/deps';
import { httpDeps } from '../../shared/wiring';
import { type TestEnvironment, testAdminToken } from './test-stack';

/**
 * The http function's app on a test environment, called in-process (no sockets); its clients act
 * with the http function's IAM policy.
 */
export function appUnderTest(env: TestEnvironment, now?: () => Date): { app: Hono; deps: AppDeps } {
  const deps = { ...asFunction('http', () => httpDeps(env.config)), ...(now ? { now } : {}) };
  return { app: createApp(deps), deps };
}

/** The registration use cases' dependencies, acting as the http function that runs them. */
export function useCaseDeps(env: TestEnvironment, now: () => Date = () => new Date()) {
  const { dynamo, sqs } = asFunction('http', () => ({
    dynamo: createDynamo(env.config),
    sqs: createSqs(env.config),
  }));
  return {
    events: createEventRepository(
      dynamo,
      env.config.TABLE_NAME,
      createAddressHasher(env.config.hashingSecret),
    ),
    mail: createMailQueue(sqs, env.config.MAIL_QUEUE_URL),
    reminders: createReminderRepository(
      dynamo,
      env.config.TABLE_NAME,
      reminderOffsetsHours(env.config),
    ),
    surveys: createSurveyRepository(dynamo, env.config.TABLE_NAME),
    now,
  };
}

export const adminHeaders = {
  authorization: `Bearer ${testAdminToken}`,
  'content-type': 'application/json',
};

export function json(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Takes every message now on the mail queue (for tests that run without the mailer). */
export async function drainMailQueue(env: TestEnvironment): Promise<MailMessage[]> {
  const messages: MailMessage[] = [];
  for (;;) {
    const received = await env.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: env.queueUrls.mail,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (!received.Messages?.length) return messages;
    for (const message of received.Messages) {
      messages.push(mailMessageSchema.parse(JSON.parse(message.Body ?? '')));
    }
    await env.clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: env.queueUrls.mail,
        Entries: received.Messages.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle,
        })),
      }),
    );
  }
}
