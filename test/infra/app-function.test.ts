import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppFunction } from '../../infra/constructs/app-function';
import { WorkQueue } from '../../infra/constructs/work-queue';
import { freshOutdir, type Json, resourcesOfType } from './support';

let stack: Stack;
let table: Table;

beforeEach(() => {
  const app = new App({ outdir: freshOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new Stack(app, 'Test');
  table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
});

function variables(): Record<string, Json> {
  const [fn] = resourcesOfType(Template.fromStack(stack), 'AWS::Lambda::Function');
  return fn?.properties.Environment.Variables;
}

describe('AppFunction', () => {
  it('gives a function the settings its configuration reads and the bound variables, no others', () => {
    new AppFunction(stack, 'Retention', {
      name: 'retention',
      environment: { MAIL_FROM: 'skoleni@kraj-example.cz', RETENTION_DAYS: '30' },
    }).bindTable(table, 'read');
    // The mailer's sender and the organiser side's ADMIN_AUTH are not the retention job's.
    expect(variables()).toEqual({
      APP_ENV: 'aws',
      NODE_OPTIONS: '--enable-source-maps',
      RETENTION_DAYS: '30',
      TABLE_NAME: { Ref: 'TableCD117FA1' },
    });
  });

  it('stops the synth when a setting the function requires is missing', () => {
    new AppFunction(stack, 'Reminders', { name: 'reminders' }).bindTable(table, 'read');
    expect(() => Template.fromStack(stack)).toThrow(
      /'reminders' needs MAIL_QUEUE_URL[\s\S]*'reminders' needs REMINDER_OFFSETS_HOURS/,
    );
  });

  it('refuses to bind a resource the function’s configuration does not read', () => {
    const mail = new WorkQueue(stack, 'Mail', { name: 'mail', urlVariable: 'MAIL_QUEUE_URL' });
    const fn = new AppFunction(stack, 'MailEvents', { name: 'mailEvents' });
    expect(() => fn.bindQueue(mail, 'send')).toThrow(/does not read \(MAIL_QUEUE_URL\)/);
  });

  it('refuses to bind a variable to a second resource', () => {
    const other = new Table(stack, 'Other', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
    });
    const fn = new AppFunction(stack, 'Site', { name: 'site' }).bindTable(table, 'read');
    expect(() => fn.bindTable(other, 'read')).toThrow(/TABLE_NAME is already bound/);
  });

  it('lets only the consumer of resources.ts consume a queue', () => {
    const mail = new WorkQueue(stack, 'Mail', { name: 'mail', urlVariable: 'MAIL_QUEUE_URL' });
    const fn = new AppFunction(stack, 'Site', { name: 'site' });
    expect(() => fn.bindQueue(mail, 'consume')).toThrow(/consumed by 'mailer'/);
  });

  it('cannot send to a queue that has no URL variable', () => {
    const events = new WorkQueue(stack, 'Events', { name: 'mailEvents' });
    const fn = new AppFunction(stack, 'Site', { name: 'site' });
    expect(() => fn.bindQueue(events, 'send')).toThrow(/no URL variable/);
  });

  it('grants read-only table access without write actions', () => {
    new AppFunction(stack, 'MailEvents', { name: 'mailEvents' }).bindTable(table, 'read');
    const actions = resourcesOfType(Template.fromStack(stack), 'AWS::IAM::Policy').flatMap((p) =>
      p.properties.PolicyDocument.Statement.flatMap((s: Json) => s.Action),
    );
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a: string) => /^dynamodb:.*(Put|Update|Delete|Write)/.test(a))).toEqual(
      [],
    );
  });
});
