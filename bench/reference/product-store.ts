import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { logger, tracer } from './powertools';

export interface Product {
  id: string;
  name: string;
  price: number;
}

/** The sample's store: a traced DynamoDB client wrapped in the DocumentClient, created once. */
export class ProductStore {
  private readonly client = DynamoDBDocumentClient.from(
    tracer.captureAWSv3Client(new DynamoDBClient({})),
    { marshallOptions: { removeUndefinedValues: true } },
  );

  constructor(private readonly tableName = process.env.TABLE_NAME) {}

  async putProduct(product: Product): Promise<void> {
    logger.info('Putting product', { id: product.id });
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...product } }));
  }
}
