import { Aws, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import {
  eventBridgeCron,
  type JobName,
  jobNames,
  type ScheduledJobEvent,
  schedules,
  scheduleTimeZone,
} from '../../shared/resources';
import { AppFunction, type FunctionEnvironment } from './app-function';
import type { WorkQueue } from './work-queue';

export interface SchedulesProps {
  table: ITable;
  exportsBucket: IBucket;
  mailQueue: WorkQueue;
  certificatesQueue: WorkQueue;
  environment: FunctionEnvironment;
}

/** What every job receives: the time the run was scheduled for, filled in by the scheduler. */
const scheduledInput = {
  time: '<aws.scheduler.scheduled-time>',
} satisfies ScheduledJobEvent;

/**
 * The scheduled jobs of shared/resources.ts: one function and one EventBridge Scheduler schedule
 * each, in Europe/Prague wall-clock time (the scheduler follows daylight saving time). Every
 * schedule has a role of its own that may invoke that one function and nothing else.
 */
export class Schedules extends Construct {
  readonly jobs: Record<JobName, AppFunction>;
  readonly schedules: Record<JobName, CfnSchedule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { table, exportsBucket, mailQueue, certificatesQueue, environment } = props;

    this.jobs = {
      reminders: new AppFunction(this, 'Reminders', { name: 'reminders', environment })
        .bindTable(table, 'readWrite')
        .bindQueue(mailQueue, 'send'),
      mailOutbox: new AppFunction(this, 'MailOutbox', { name: 'mailOutbox', environment })
        .bindTable(table, 'readWrite')
        .bindQueue(mailQueue, 'send'),
      waitlist: new AppFunction(this, 'Waitlist', { name: 'waitlist', environment })
        .bindTable(table, 'readWrite')
        .bindQueue(mailQueue, 'send'),
      surveys: new AppFunction(this, 'Surveys', { name: 'surveys', environment })
        .bindTable(table, 'readWrite')
        .bindQueue(mailQueue, 'send'),
      indicators: new AppFunction(this, 'Indicators', { name: 'indicators', environment })
        // Writes the per-event rollups and the indicator periods back to the table.
        .bindTable(table, 'readWrite')
        .bindBucket(exportsBucket, 'write')
        // The export is mailed to EXPORT_RECIPIENTS through the mail queue.
        .bindQueue(mailQueue, 'send'),
      retention: new AppFunction(this, 'Retention', { name: 'retention', environment }).bindTable(
        table,
        'readWrite',
      ),
      // Reads events, attendance and the register; the renderer does the writing.
      certificates: new AppFunction(this, 'Certificates', { name: 'certificates', environment })
        .bindTable(table, 'read')
        .bindQueue(certificatesQueue, 'send'),
    };

    const scheduleGroupArn = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule-group',
      resourceName: 'default',
    });
    const entries = jobNames.map((job) => {
      const definition = schedules[job];
      const target = this.jobs[job];
      if (target.name !== definition.function) {
        throw new Error(`Schedule '${job}' targets '${definition.function}', not '${target.name}'`);
      }
      const role = new Role(target, 'SchedulerRole', {
        description: `Lets EventBridge Scheduler invoke the ${target.name} function`,
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            ArnEquals: { 'aws:SourceArn': scheduleGroupArn },
          },
        }),
        inlinePolicies: {
          InvokeTarget: new PolicyDocument({
            statements: [
              new PolicyStatement({
                actions: ['lambda:InvokeFunction'],
                resources: [target.fn.functionArn],
              }),
            ],
          }),
        },
      });
      const schedule = new CfnSchedule(this, `${target.node.id}Schedule`, {
        description: definition.description,
        scheduleExpression: eventBridgeCron(definition),
        scheduleExpressionTimezone: scheduleTimeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.fn.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify(scheduledInput),
        },
      });
      return [job, schedule] as const;
    });
    this.schedules = Object.fromEntries(entries) as Record<JobName, CfnSchedule>;
  }

  get functions(): AppFunction[] {
    return Object.values(this.jobs);
  }
}
