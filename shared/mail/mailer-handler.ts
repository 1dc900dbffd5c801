import { mailMessageSchema } from '../domain/mail-message';
import { sqsConsumer } from '../lambda/sqs-consumer';
import { type SendMailDeps, sendMail } from '../use-cases/send-mail';

/**
 * The mailer: sequential within a batch, so a message queued twice in one batch sends once. A
 * message another delivery is sending fails and comes back after the visibility timeout, when
 * that claim is settled.
 */
export function createMailerHandler(deps: SendMailDeps) {
  return sqsConsumer({
    name: 'mail',
    schema: mailMessageSchema,
    handle: (message) => sendMail(deps, message),
    describe: (message) =>
      message.kind === 'indicator-export'
        ? { kind: message.kind }
        : { kind: message.kind, eventId: message.eventId, registrationId: message.registrationId },
    sequential: true,
    retryWhen: (result) => result.outcome === 'in-progress',
    ...(deps.log ? { log: deps.log } : {}),
  });
}
