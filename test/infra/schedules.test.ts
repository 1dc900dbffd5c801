import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeCron, jobNames, schedules, scheduleTimeZone } from '../../shared/resources';
import {
  functionIdOf,
  type Json,
  referencedId,
  resourcesOfType,
  statementsOfRole,
  synthesise,
  synthTimeout,
} from './support';

let template: Template;

beforeAll(() => {
  template = synthesise().statelessTemplate;
}, synthTimeout);

function scheduleFor(functionId: string): Json {
  const matches = resourcesOfType(template, 'AWS::Scheduler::Schedule').filter(
    (s) => referencedId(s.properties.Target.Arn) === functionId,
  );
  expect(matches, `schedules of ${functionId}`).toHaveLength(1);
  return matches[0]?.properties;
}

it('has one schedule per job of resources.ts and no other', () => {
  expect(resourcesOfType(template, 'AWS::Scheduler::Schedule')).toHaveLength(jobNames.length);
});

describe.each(jobNames)('job %s', (job) => {
  const definition = schedules[job];

  it('runs on the cron of resources.ts in Europe/Prague', () => {
    const schedule = scheduleFor(functionIdOf(template, definition.function));
    expect(scheduleTimeZone).toBe('Europe/Prague');
    expect(schedule).toMatchObject({
      ScheduleExpression: eventBridgeCron(definition),
      ScheduleExpressionTimezone: 'Europe/Prague',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('passes the scheduled time as {"time": ...}', () => {
    const schedule = scheduleFor(functionIdOf(template, definition.function));
    expect(JSON.parse(schedule.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });

  it('uses a role that EventBridge Scheduler assumes and that invokes only this function', () => {
    const functionId = functionIdOf(template, definition.function);
    const schedule = scheduleFor(functionId);
    const roleId = referencedId(schedule.Target.RoleArn) as string;
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }),
      }),
    ]);
    expect(statementsOfRole(template, roleId)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [functionId, 'Arn'] },
      },
    ]);
  });
});
