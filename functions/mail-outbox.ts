import { createDynamo, createSqs } from '../shared/adapters/clients';
import { config } from '../shared/config';
import { createMailOutboxJob } from '../shared/mail/outbox';
import { mailOutboxDeps } from '../shared/mail/wiring';

const cfg = config();
export const handler = createMailOutboxJob(
  mailOutboxDeps(cfg, { dynamo: createDynamo(cfg), sqs: createSqs(cfg) }),
);
