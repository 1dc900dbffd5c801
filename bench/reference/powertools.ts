import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Module-level Powertools utilities, shared by the handler and the store. */
export const logger = new Logger({ serviceName: 'products', logLevel: 'INFO' });
export const metrics = new Metrics({ namespace: 'products', serviceName: 'products' });
export const tracer = new Tracer({ serviceName: 'products' });
