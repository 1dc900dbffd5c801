import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/local/settings';
import { type Synthesised, synthesise, synthTimeout } from './support';

/**
 * The deploy command of the README, synthesised with exactly its arguments (plus cdk.json's
 * context, as the CLI adds it): the command cannot drift from what deploys.
 */

/** Splits a shell command line the way sh does for the quoting the README uses. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new Error(`Unclosed quote in: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** The `npx cdk deploy` command of the README's "Deploying to AWS" section, as words. */
function readmeDeployCommand(readme: string): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Deploying to AWS'));
  if (!section) throw new Error('README has no "Deploying to AWS" section');
  const block = section.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('The deploy section has no sh code block');
  const joined = block.replace(/\\\n/g, ' ');
  const line = joined.split('\n').find((l) => l.trim().startsWith('npx cdk deploy'));
  if (!line) throw new Error('The deploy code block has no `npx cdk deploy` line');
  return shellWords(line.replace(/\s#.*$/, ''));
}

/** The `-c key=value` pairs of a cdk command. */
function contextOf(words: string[]): Record<string, string> {
  const context: Record<string, string> = {};
  words.forEach((word, i) => {
    const value = word === '-c' || word === '--context' ? words[i + 1] : undefined;
    if (value === undefined) return;
    const at = value.indexOf('=');
    if (at <= 0) throw new Error(`Context argument without a key: ${value}`);
    context[value.slice(0, at)] = value.slice(at + 1);
  });
  return context;
}

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const cdkJsonContext = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')).context;

describe('reading the command', () => {
  it('splits quoted words and context pairs as the shell does', () => {
    const words = shellWords(`npx cdk deploy --all -c a=b -c name="Chytrá školení" -c 'x=y z'`);
    expect(contextOf(words)).toEqual({ a: 'b', name: 'Chytrá školení', x: 'y z' });
  });
});

describe("the README's deploy command", () => {
  const words = readmeDeployCommand(readme);
  const context = contextOf(words);
  let synthesised: Synthesised;

  beforeAll(() => {
    synthesised = synthesise({ ...cdkJsonContext, ...context });
  }, synthTimeout);

  it('deploys both stacks', () => {
    expect(words.slice(0, 4)).toEqual(['npx', 'cdk', 'deploy', '--all']);
    expect(Object.keys(context).length).toBeGreaterThan(0);
  });

  it('synthesises with no placeholder warning and no guard rule', () => {
    const { stateful, stateless, statelessTemplate } = synthesised;
    for (const stack of [stateful, stateless]) {
      expect(
        Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('placeholder')),
      ).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
    const template = statelessTemplate.toJSON();
    expect(template.Rules?.RealSettingsRequired).toBeUndefined();
    expect(template.Parameters?.PlaceholderSettings).toBeUndefined();
  });

  it('synthesises with no cdk-nag error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(synthesised.app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
    expect(() => synthesised.app.synth({ force: true })).not.toThrow();
  });

  it('sets the production settings the README documents', () => {
    expect(context).toMatchObject({
      alarmEmail: expect.stringContaining('@'),
      sesMaxSendRate: expect.stringMatching(/^\d+$/),
    });
    const subscriptions = synthesised.statelessTemplate.findResources('AWS::SNS::Subscription', {
      Properties: { Protocol: 'email', Endpoint: context.alarmEmail },
    });
    expect(Object.keys(subscriptions)).toHaveLength(1);
  });
});
