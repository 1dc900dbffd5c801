import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** One entry of a TransactWriteItems call: the parts a transaction is composed of. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
