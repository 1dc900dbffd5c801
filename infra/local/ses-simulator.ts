import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * SES's mailbox simulator, as far as the local stack needs it. In AWS, an email to
 * bounce@simulator.amazonses.com is accepted and then bounced by SES, which publishes the event
 * through the configuration set to the SNS topic, which delivers it raw to the mail-events
 * queue. The SES emulator accepts every email and bounces none, so this watches what it
 * accepted and, for the simulator's bounce and complaint addresses, puts the event SES would
 * publish onto the mail-events queue, with the emulator's MessageId. From there on it is the
 * real path: the mail-events consumer suppresses the address and flags the registration by the
 * MessageId the mailer stored. What this cannot prove is the SNS topic and its KMS key policy;
 * the smoke test against a deployment does.
 */

const simulatorDomain = 'simulator.amazonses.com';

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  at: number;
}

const addressIn = (text: string) => (/<([^<>]+)>\s*$/.exec(text)?.[1] ?? text).trim().toLowerCase();

/** The event SES publishes for a simulator address, or undefined for any other address. */
export function simulatedSesEvent(email: StoredEmail, now: Date): string | undefined {
  const recipients = email.destination.to.map(addressIn);
  const bounced = recipients.filter((r) => r === `bounce@${simulatorDomain}`);
  const complained = recipients.filter((r) => r === `complaint@${simulatorDomain}`);
  const mail = {
    timestamp: new Date(email.at * 1000).toISOString(),
    source: email.from,
    messageId: email.messageId,
    destination: recipients,
  };
  if (bounced.length > 0) {
    return JSON.stringify({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: bounced.map((emailAddress) => ({
          emailAddress,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        })),
        timestamp: now.toISOString(),
      },
      mail,
    });
  }
  if (complained.length > 0) {
    return JSON.stringify({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
        complaintFeedbackType: 'abuse',
        timestamp: now.toISOString(),
      },
      mail,
    });
  }
  return undefined;
}

export interface SesSimulator {
  stop(): Promise<void>;
}

export function startSesSimulator(options: {
  sesEndpoint: string;
  sqs: SQSClient;
  mailEventsQueueUrl: string;
  intervalMs?: number;
  log: (line: string) => void;
}): SesSimulator {
  const seen = new Set<string>();
  // Only what is sent from now on: the emulator's store outlives runtime restarts.
  const since = Math.floor(Date.now() / 1000);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function poll(): Promise<void> {
    const response = await fetch(`${options.sesEndpoint}/store?since=${since}`);
    if (!response.ok) throw new Error(`SES emulator store: ${response.status}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    for (const email of emails) {
      if (seen.has(email.messageId)) continue;
      const event = simulatedSesEvent(email, new Date());
      if (event) {
        await options.sqs.send(
          new SendMessageCommand({ QueueUrl: options.mailEventsQueueUrl, MessageBody: event }),
        );
      }
      seen.add(email.messageId);
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll()
        .catch((error: unknown) =>
          options.log(`[ses-simulator] ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(schedule);
    }, options.intervalMs ?? 500);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
