import { createDynamo } from '../shared/adapters/clients';
import { config } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createMailEventsHandler } from '../shared/mail/mail-events-handler';
import { mailEventsDeps } from '../shared/mail/wiring';

// Suppressions are keyed by a hash under the link keys' oldest key: the keys first.
await loadLinkKeys();
const cfg = config();
export const handler = createMailEventsHandler(mailEventsDeps(cfg, { dynamo: createDynamo(cfg) }));
