import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';
import { httpRoutes } from '../../shared/routes';
import { freshOutdir, realSettings, synthesise } from './support';

/**
 * cdk-nag 3 runs as a CDK policy validation plugin: findings are not construct annotations any
 * more (Annotations.fromStack(...).findError('*', /AwsSolutions-/) is always empty), they fail
 * the synthesis. The pack is therefore run directly on the synthesised tree, and a deliberate
 * violation proves that the app registers it.
 */
function unacknowledgedFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (r) => `${violation.severity} ${violation.ruleName} at ${r.constructPath}`,
    ),
  );
}

interface Acknowledgement {
  path: string;
  rule: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  const visit = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, rule: id.replace(/^annotation::/i, ''), reason });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning with real settings', () => {
    const { app } = synthesise();
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('reports none with placeholder settings either (what `npm run synth` builds)', () => {
    const { app } = synthesise({});
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('is registered on the app: a violation fails the synthesis', () => {
    const { app, stateless } = createApp({
      outdir: freshOutdir(),
      context: { 'aws:cdk:bundling-stacks': [], ...realSettings },
    });
    new Bucket(stateless, 'UnencryptedInsecureBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  it('leaves no error annotations on the stacks', () => {
    const { stateful, stateless } = synthesise();
    for (const stack of [stateful, stateless]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(
        Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ).toEqual([]);
    }
  });

  it('acknowledges exactly the reviewed findings, each with a reason', () => {
    const { app } = synthesise();
    const found = acknowledgements(app);
    for (const { path, rule, reason } of found) {
      expect(reason.length, `${rule} at ${path}`).toBeGreaterThan(40);
    }
    const summary = found
      .map(
        ({ path, rule }) =>
          `${rule.replace(/\[Resource::.*\]$/, '[Resource::<bucket>/*]')} ${path}`,
      )
      .sort();
    expect(summary).toEqual(
      [
        'AwsSolutions-S1 ChytraSkoleni-Stateful/AccessLogsBucket',
        'AwsSolutions-SMG4 ChytraSkoleni-Stateful/LinkSigningSecret',
        ...httpRoutes
          .filter((route) => !route.jwtAuthorizer)
          .map(
            (route) =>
              `AwsSolutions-APIG4 ChytraSkoleni-Stateless/Api/HttpApi/ANY${route.path.replaceAll('/', '--')}`,
          ),
        'AwsSolutions-APIG4 ChytraSkoleni-Stateless/Api/HttpApi/DefaultRoute',
        ...['Jobs/Indicators', 'Certificates/Renderer', 'Api/Organiser'].map(
          (fn) =>
            `AwsSolutions-IAM5[Resource::<bucket>/*] ChytraSkoleni-Stateless/${fn}/Role/DefaultPolicy`,
        ),
        ...[
          'Api/Site',
          'Api/Publications',
          'Api/Organiser',
          'Mail/Mailer',
          'Mail/MailEvents',
          'Jobs/Reminders',
          'Jobs/Surveys',
          'Jobs/Indicators',
          'Jobs/Retention',
          'Jobs/MailOutbox',
          'Jobs/Certificates',
          'Certificates/Renderer',
          'Jobs/Waitlist',
        ].map((fn) => `AwsSolutions-L1 ChytraSkoleni-Stateless/${fn}/Function`),
      ].sort(),
    );
  });

  it('acknowledges the bucket wildcard only for the exports bucket objects', () => {
    const { app } = synthesise();
    const wildcard = acknowledgements(app).filter((a) => a.rule.startsWith('AwsSolutions-IAM5'));
    for (const { rule } of wildcard) {
      expect(rule).toMatch(
        /^AwsSolutions-IAM5\[Resource::ChytraSkoleni-Stateful:ExportsOutputFnGetAttExportsBucket\w+Arn\w+\/\*\]$/,
      );
    }
  });
});
