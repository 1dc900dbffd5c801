import { functionConfig } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createMailerHandler } from '../shared/mail/mailer-handler';
import { mailerDeps } from '../shared/wiring';

// This function signs links: the keys first.
await loadLinkKeys();

/** Renders and sends each queued email once, one after the other within a batch. */
export const handler = createMailerHandler(mailerDeps(functionConfig('mailer')));
