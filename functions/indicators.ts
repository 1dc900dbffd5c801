import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { loadLinkKeys } from '../shared/link-keys';
import { aggregateIndicators } from '../shared/use-cases/aggregate-indicators';
import { indicatorsDeps } from '../shared/wiring';

// People are counted by keyed hashes under the link keys' oldest key: the keys first.
await loadLinkKeys();
const deps = indicatorsDeps(functionConfig('indicators'));

/** Nightly: aggregates the action-plan indicators and writes and sends their exports. */
export const handler = scheduledJob('indicators', (now) => aggregateIndicators(deps, now));
