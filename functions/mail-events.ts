import { functionConfig } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createMailEventsHandler } from '../shared/mail/mail-events-handler';
import { mailEventsDeps } from '../shared/wiring';

// Suppressions are keyed by a hash under the link keys' oldest key: the keys first.
await loadLinkKeys();

/** SES bounces and complaints: suppresses the addresses, marks their registrations. */
export const handler = createMailEventsHandler(mailEventsDeps(functionConfig('mailEvents')));
