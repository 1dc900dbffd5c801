import { handle } from 'hono/aws-lambda';
import { config } from '../shared/config';
import { createApp } from '../shared/web/app';
import { httpDeps } from '../shared/wiring';

export const app = createApp(httpDeps(config()));
export const handler = handle(app);
