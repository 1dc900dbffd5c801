import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueDefinition, type QueueName, queues } from '../../shared/resources';
import type { ConfigVariable } from './app-function';

export interface WorkQueueProps {
  name: QueueName;
  /** The variable that carries the queue URL to the functions that send to it. */
  urlVariable?: ConfigVariable;
}

/**
 * A queue and its dead-letter queue, as shared/resources.ts defines them: visibility timeout,
 * maxReceiveCount and the dead-letter retention. Both are encrypted with SQS-managed keys and
 * refuse requests without TLS.
 */
export class WorkQueue extends Construct {
  readonly name: QueueName;
  readonly definition: QueueDefinition;
  readonly urlVariable: ConfigVariable | undefined;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.name = props.name;
    this.definition = queues[props.name];
    this.urlVariable = props.urlVariable;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(this.definition.deadLetterRetentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(this.definition.visibilityTimeoutSeconds),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: this.definition.maxReceiveCount,
      },
    });
  }
}
