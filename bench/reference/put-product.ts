import { injectLambdaContext } from '@aws-lambda-powertools/logger';
import { logMetrics, MetricUnits } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger, metrics, tracer } from './powertools';
import { type Product, ProductStore } from './product-store';

const store = new ProductStore();

function isProduct(value: unknown): value is Product {
  const candidate = value as Partial<Product> | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.name === 'string' &&
    typeof candidate.price === 'number'
  );
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function putProduct(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const id = event.pathParameters?.id;
  if (!id || !event.body) return json(400, { message: 'Missing id or body' });
  let product: unknown;
  try {
    product = JSON.parse(event.body);
  } catch {
    return json(400, { message: 'Body is not JSON' });
  }
  if (!isProduct(product) || product.id !== id) return json(400, { message: 'Invalid product' });
  await store.putProduct(product);
  metrics.addMetric('productCreated', MetricUnits.Count, 1);
  return json(201, { message: 'Product created' });
}

export const handler = middy(putProduct)
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(injectLambdaContext(logger, { clearState: true }));
