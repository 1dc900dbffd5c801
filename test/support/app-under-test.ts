import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { Hono } from 'hono';
import { httpGateway } from '../../infra/local/gateway';
import { asFunction } from '../../infra/local/iam/enforce';
import { createDynamo, createSqs } from '../../shared/adapters/clients';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createMailQueue } from '../../shared/adapters/mail-queue';
import { createReminderRepository } from '../../shared/adapters/reminder-repository';
import { createSurveyRepository } from '../../shared/adapters/survey-repository';
import { reminderOffsetsHours } from '../../shared/config';
import { type MailMessage, mailMessageSchema } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { AppDeps, OrganiserDeps, PublicationsDeps, SiteDeps } from '../../shared/web/deps';
import { createOrganiserApp } from '../../shared/web/organiser-app';
import { createPublicationsApp } from '../../shared/web/publications-app';
import { createSiteApp } from '../../shared/web/site-app';
import { organiserDeps, publicationsDeps, siteDeps } from '../../shared/wiring';
import { type TestEnvironment, testAdminToken } from './test-stack';

/**
 * Both HTTP functions' apps on a test environment, each built by its own wiring and acting with
 * its own IAM policy, behind the local gateway's routing (shared/routes.ts) but without the JWT
 * authorizer, so tests reach the app's own checks. Called in-process (no sockets).
 */
export function createHttpSurface(
  site: SiteDeps,
  publications: PublicationsDeps,
  organiser: OrganiserDeps,
): Hono {
  const apps = {
    site: createSiteApp(site),
    publications: createPublicationsApp(publications),
    organiser: createOrganiserApp(organiser),
  };
  const gateway = httpGateway(
    {
      site: apps.site.fetch,
      publications: apps.publications.fetch,
      organiser: apps.organiser.fetch,
    },
    { jwtAuthorizer: false },
  );
  const app = new Hono();
  app.all('*', (c) => gateway(c.req.raw, c.env));
  // The routes of both apps, for the tests that walk every route (the catch-all only dispatches).
  app.routes = [...apps.site.routes, ...apps.publications.routes, ...apps.organiser.routes];
  return app;
}

/**
 * The HTTP surface of `deps` as the three functions would build it from the same settings
 * (the organiser's dependencies hold what the other two need).
 */
export function createApp(deps: AppDeps): Hono {
  return createHttpSurface(deps, deps, deps);
}

/**
 * The site and organiser functions on a test environment; `deps` are the organiser's (with the
 * repositories tests look into).
 */
export function appUnderTest(env: TestEnvironment, now?: () => Date): { app: Hono; deps: AppDeps } {
  const clock = now ? { now } : {};
  const site = { ...asFunction('site', () => siteDeps(env.config)), ...clock };
  const publications = {
    ...asFunction('publications', () => publicationsDeps(env.config)),
    ...clock,
  };
  const deps = { ...asFunction('organiser', () => organiserDeps(env.config)), ...clock };
  return { app: createHttpSurface(site, publications, deps), deps };
}

/** The registration use cases' dependencies, acting as the site function that runs them. */
export function useCaseDeps(env: TestEnvironment, now: () => Date = () => new Date()) {
  const { dynamo, sqs } = asFunction('site', () => ({
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
