import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { FunctionEnvironment } from '../../infra/constructs/app-function';

/** An ISO instant the given days (and hours) from now. */
export const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

/** One SQS record as Lambda's event source mapping hands it to a handler. */
export function sqsRecord(body: string, messageId: string, queueName: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:eu-central-1:000000000000:${queueName}`,
    awsRegion: 'eu-central-1',
  };
}

/** Messages on a queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/**
 * Made-up deployment settings that, with the functions' `commonEnvironment`, pass
 * shared/config.ts: what a bundled function needs to load outside AWS (the bundling test, the
 * cold-start benchmark).
 */
export const awsModeConfig = {
  COGNITO_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example',
  COGNITO_CLIENT_ID: 'example-client-id',
  COGNITO_DOMAIN: 'https://skoleni-example.auth.eu-central-1.amazoncognito.com',
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'ChytraSkoleni-Table',
  MAIL_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/mail',
  EXPORTS_BUCKET: 'chytraskoleni-exports',
  MAIL_FROM: 'skoleni@kraj-example.cz',
  MAIL_FROM_NAME: 'Chytrá školení',
  ORGANISER_NAME: 'Liberecký kraj',
  ORGANISER_ICO: '70891508',
  CONTACT_EMAIL: 'skoleni@kraj-example.cz',
  CONTACT_PHONE: '+420 485 000 111',
  CONTACT_ADDRESS: 'Náměstí 1, 460 01 Liberec',
  DPO_CONTACT: 'Mgr. Jana Ukázková, poverenec@kraj-example.cz, +420 485 000 222',
  SES_CONFIGURATION_SET: 'chytraskoleni-mail',
  SES_MAX_SEND_RATE: '0.5',
  PUBLIC_BASE_URL: 'https://skoleni.kraj-example.cz',
  LINK_SIGNING_SECRET: 'x'.repeat(64),
  RETENTION_DAYS: '1095',
  REMINDER_OFFSETS_HOURS: '168,24',
  EXPORT_RECIPIENTS: 'ukazatele@kraj-example.cz',
  CERTIFICATES_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/certificates',
  CERTIFICATE_ISSUER: 'Liberecký kraj',
  CERTIFICATE_ISSUER_ICO: '70891508',
  CERTIFICATE_SIGNATORY_NAME: 'Mgr. Jana Dvořáková',
  CERTIFICATE_SIGNATORY_ROLE: 'vedoucí odboru regionálního rozvoje',
} satisfies FunctionEnvironment;
