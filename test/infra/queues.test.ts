import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type QueueName, queues } from '../../shared/resources';
import {
  functionIdOf,
  type Json,
  referencedId,
  resource,
  resourcesOfType,
  synthesise,
  synthTimeout,
} from './support';

let template: Template;

beforeAll(() => {
  template = synthesise().statelessTemplate;
}, synthTimeout);

/** The queue whose event source mapping feeds the consumer that resources.ts names. */
function queueOf(name: QueueName): { queueId: string; queue: Json; mapping: Json } {
  const consumerId = functionIdOf(template, queues[name].consumer);
  const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
    (m) => referencedId(m.properties.FunctionName) === consumerId,
  );
  expect(mappings, `event source mappings of ${queues[name].consumer}`).toHaveLength(1);
  const mapping = mappings[0]?.properties;
  const queueId = referencedId(mapping.EventSourceArn);
  if (!queueId) throw new Error(`mapping of ${name} has no queue`);
  return { queueId, queue: resource(template, queueId), mapping };
}

describe.each(Object.keys(queues) as QueueName[])('queue %s', (name) => {
  const definition = queues[name];

  it('redrives to its own dead-letter queue after maxReceiveCount receives', () => {
    const { queueId, queue } = queueOf(name);
    const redrive = queue.Properties.RedrivePolicy;
    expect(redrive.maxReceiveCount).toBe(definition.maxReceiveCount);
    const dlqId = referencedId(redrive.deadLetterTargetArn);
    expect(dlqId).toBeDefined();
    expect(dlqId).not.toBe(queueId);
    const dlq = resource(template, dlqId as string);
    expect(dlq.Type).toBe('AWS::SQS::Queue');
    expect(dlq.Properties.MessageRetentionPeriod).toBe(definition.deadLetterRetentionDays * 86_400);
    expect(dlq.Properties.RedrivePolicy).toBeUndefined();
  });

  it('has the visibility timeout of resources.ts, at least six times the consumer timeout', () => {
    const { queue, mapping } = queueOf(name);
    const consumer = resource(template, referencedId(mapping.FunctionName) as string);
    expect(queue.Properties.VisibilityTimeout).toBe(definition.visibilityTimeoutSeconds);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * consumer.Properties.Timeout,
    );
  });

  it('feeds its consumer in batches of batchSize, capped concurrency, partial batch failures', () => {
    const { mapping } = queueOf(name);
    expect(mapping.BatchSize).toBe(definition.batchSize);
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: definition.maxConcurrency });
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('is SQS-encrypted and refuses requests without TLS, like its dead-letter queue', () => {
    const { queueId, queue } = queueOf(name);
    const dlqId = referencedId(queue.Properties.RedrivePolicy.deadLetterTargetArn) as string;
    for (const id of [queueId, dlqId]) {
      expect(resource(template, id).Properties.SqsManagedSseEnabled).toBe(true);
      const policy = resourcesOfType(template, 'AWS::SQS::QueuePolicy').find((p) =>
        p.properties.Queues.some((q: Json) => referencedId(q) === id),
      );
      expect(policy?.properties.PolicyDocument.Statement, `TLS policy of ${id}`).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('mail events', () => {
  it('reach the mailEvents queue from the SES configuration set through SNS, raw', () => {
    const { queueId } = queueOf('mailEvents');
    const [subscription, ...others] = resourcesOfType(template, 'AWS::SNS::Subscription').filter(
      (s) => s.properties.Protocol === 'sqs',
    );
    expect(others).toEqual([]);
    expect(referencedId(subscription?.properties.Endpoint)).toBe(queueId);
    expect(subscription?.properties.RawMessageDelivery).toBe(true);
    const topicId = referencedId(subscription?.properties.TopicArn);

    const [destination] = resourcesOfType(template, 'AWS::SES::ConfigurationSetEventDestination');
    expect(referencedId(destination?.properties.EventDestination.SnsDestination.TopicARN)).toBe(
      topicId,
    );
    expect(destination?.properties.EventDestination.MatchingEventTypes).toEqual([
      'bounce',
      'complaint',
    ]);
    const topic = resource(template, topicId as string);
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });
});
