import { handle } from 'hono/aws-lambda';
import { functionConfig } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createPublicationsApp } from '../shared/web/publications-app';
import { publicationsDeps } from '../shared/wiring';

// Certificates are verified with the link keys' oldest key: the keys first.
await loadLinkKeys();
export const app = createPublicationsApp(publicationsDeps(functionConfig('publications')));
export const handler = handle(app);
