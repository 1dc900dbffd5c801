import { handle } from 'hono/aws-lambda';
import { functionConfig } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createOrganiserApp } from '../shared/web/organiser-app';
import { organiserDeps } from '../shared/wiring';

// Sessions, CSRF tokens, check-in links and stored hashes all need the link keys: the keys first.
await loadLinkKeys();
export const app = createOrganiserApp(organiserDeps(functionConfig('organiser')));
export const handler = handle(app);
