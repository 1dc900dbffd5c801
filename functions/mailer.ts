import { createDynamo, createSes } from '../shared/adapters/clients';
import { config } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createMailerHandler } from '../shared/mail/mailer-handler';
import { mailerDeps } from '../shared/mail/wiring';

// This function signs links: the keys first.
await loadLinkKeys();
const cfg = config();
export const handler = createMailerHandler(
  mailerDeps(cfg, { dynamo: createDynamo(cfg), ses: createSes(cfg) }),
);
