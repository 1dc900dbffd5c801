import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, functions } from '../../shared/resources';
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
let alarmTopicId: string;

beforeAll(() => {
  template = synthesise().statelessTemplate;
  alarmTopicId = referencedId(template.toJSON().Outputs.AlarmTopicArn.Value) as string;
}, synthTimeout);

function alarms(): Json[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').map((a) => a.properties);
}

function expectAlertsOnFirstOccurrence(alarm: Json): void {
  expect(alarm).toMatchObject({
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 1,
    TreatMissingData: 'notBreaching',
  });
  expect(alarm.AlarmActions.map(referencedId)).toEqual([alarmTopicId]);
}

describe('dead-letter queues', () => {
  it('each has an alarm on its depth', () => {
    const deadLetterQueueIds = resourcesOfType(template, 'AWS::SQS::Queue')
      .map((q) => referencedId(q.properties.RedrivePolicy?.deadLetterTargetArn))
      .filter((id): id is string => id !== undefined);
    // mail, mailEvents and certificates.
    expect(deadLetterQueueIds).toHaveLength(3);
    for (const dlqId of deadLetterQueueIds) {
      const matching = alarms().filter(
        (a) =>
          a.Namespace === 'AWS/SQS' &&
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          referencedId(a.Dimensions[0].Value) === dlqId,
      );
      expect(matching, dlqId).toHaveLength(1);
      expect(resource(template, dlqId).Type).toBe('AWS::SQS::Queue');
      expectAlertsOnFirstOccurrence(matching[0]);
    }
  });
});

describe.each(Object.keys(functions) as FunctionName[])('function %s', (name) => {
  it('has an Errors alarm', () => {
    const functionId = functionIdOf(template, name);
    const matching = alarms().filter(
      (a) =>
        a.Namespace === 'AWS/Lambda' &&
        a.MetricName === 'Errors' &&
        a.Statistic === 'Sum' &&
        referencedId(a.Dimensions[0].Value) === functionId,
    );
    expect(matching).toHaveLength(1);
    expectAlertsOnFirstOccurrence(matching[0]);
  });
});

it('lets CloudWatch publish to the alarm topic, which mails the alarm address', () => {
  const policy = resourcesOfType(template, 'AWS::SNS::TopicPolicy').find((p) =>
    p.properties.Topics.some((t: Json) => referencedId(t) === alarmTopicId),
  );
  expect(policy?.properties.PolicyDocument.Statement).toContainEqual(
    expect.objectContaining({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
    }),
  );
  const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription').filter(
    (s) => referencedId(s.properties.TopicArn) === alarmTopicId,
  );
  expect(subscriptions.map((s) => s.properties)).toEqual([
    expect.objectContaining({ Protocol: 'email', Endpoint: 'provoz@kraj-example.cz' }),
  ]);
});
