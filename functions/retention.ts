import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { loadLinkKeys } from '../shared/link-keys';
import { purgePersonalData } from '../shared/use-cases/purge-personal-data';
import { retentionDeps } from '../shared/wiring';

// Stored addresses are keyed hashes under the link keys' oldest key: the keys first.
await loadLinkKeys();
const deps = retentionDeps(functionConfig('retention'));

/** Nightly: removes contact data RETENTION_DAYS after each event's end. */
export const handler = scheduledJob('retention', (now) => purgePersonalData(deps, now));
