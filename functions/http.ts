import { handle } from 'hono/aws-lambda';
import { config } from '../shared/config';
import { loadLinkKeys } from '../shared/link-keys';
import { createApp } from '../shared/web/app';
import { httpDeps } from '../shared/wiring';

// This function signs or verifies links (or derives keys from them): the keys first.
await loadLinkKeys();
export const app = createApp(httpDeps(config()));
export const handler = handle(app);
