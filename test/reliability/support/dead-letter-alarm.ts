import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Alarms } from '../../../infra/constructs/alarms';
import { WorkQueue } from '../../../infra/constructs/work-queue';
import type { QueueName } from '../../../shared/resources';

/**
 * The dead-letter alarm exactly as the CDK construct defines it for AWS (test/infra/alarms.test.ts
 * checks that the deployed stack has one per queue), evaluated against a local dead-letter
 * queue: CloudWatch's ApproximateNumberOfMessagesVisible is SQS's ApproximateNumberOfMessages.
 */
export interface DeadLetterAlarm {
  metricName: string;
  threshold: number;
  comparison: string;
  /** Whether the alarm would be in ALARM with the queue as it is now. */
  wouldFire(sqs: SQSClient, deadLetterUrl: string): Promise<boolean>;
}

const comparisons: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanThreshold: (value, threshold) => value > threshold,
  GreaterThanOrEqualToThreshold: (value, threshold) => value >= threshold,
  LessThanThreshold: (value, threshold) => value < threshold,
  LessThanOrEqualToThreshold: (value, threshold) => value <= threshold,
};

export function deadLetterAlarm(queueName: QueueName): DeadLetterAlarm {
  const stack = new Stack(new App(), 'AlarmUnderTest');
  const queue = new WorkQueue(stack, 'Queue', { name: queueName });
  new Alarms(stack, 'Alarms', { functions: [], queues: [queue] });
  const template = Template.fromStack(stack);
  const deadLetterId = stack.getLogicalId(
    queue.deadLetterQueue.node.defaultChild as Parameters<Stack['getLogicalId']>[0],
  );
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
    (alarm.Properties.Dimensions as any[]).some(
      (dimension) => dimension.Value?.['Fn::GetAtt']?.[0] === deadLetterId,
    ),
  );
  if (alarms.length !== 1) {
    throw new Error(
      `Expected one alarm on the ${queueName} dead-letter queue, found ${alarms.length}`,
    );
  }
  const properties = alarms[0]?.Properties as {
    MetricName: string;
    Threshold: number;
    ComparisonOperator: string;
  };
  const compare = comparisons[properties.ComparisonOperator];
  if (!compare) throw new Error(`Unknown comparison ${properties.ComparisonOperator}`);
  // The one CloudWatch metric whose SQS attribute is read below.
  if (properties.MetricName !== 'ApproximateNumberOfMessagesVisible') {
    throw new Error(`The alarm watches ${properties.MetricName}, which is not evaluated here`);
  }
  return {
    metricName: properties.MetricName,
    threshold: properties.Threshold,
    comparison: properties.ComparisonOperator,
    async wouldFire(sqs, deadLetterUrl) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: deadLetterUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      return compare(Number(Attributes?.ApproximateNumberOfMessages ?? 0), properties.Threshold);
    },
  };
}
