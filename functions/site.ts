import { handle } from 'hono/aws-lambda';
import { functionConfig } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createSiteApp } from '../shared/web/site-app';
import { siteDeps } from '../shared/wiring';

// Links, form tokens and stored hashes all need the link keys: the keys first.
await loadLinkKeys();
export const app = createSiteApp(siteDeps(functionConfig('site')));
export const handler = handle(app);
