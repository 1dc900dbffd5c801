import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FunctionName, QueueName } from '../../../shared/resources';
import type { LocalNames } from '../provision';
import type { LocalAccount } from './requests';

/**
 * The IAM policies of the functions' roles as the CDK app synthesizes them, for the local runtime
 * to enforce. Extracting means synthesizing the app (without bundling) and keeping each role's
 * statements as they stand in the template, CloudFormation intrinsics included, with what each
 * referenced resource is locally; binding resolves those intrinsics to the ARNs of one local
 * installation (its table, queues and bucket names), which is cheap and done per environment.
 */

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
type Json = any;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** One identity policy per function, as the runtime enforces them. */
export type FunctionPolicies = Record<FunctionName, PolicyDocument>;

/** What a logical id of the templates is on this machine. */
export type LocalResource =
  | { kind: 'table' }
  | { kind: 'bucket' }
  | { kind: 'queue'; queue: QueueName }
  | { kind: 'deadLetterQueue'; queue: QueueName }
  | { kind: 'configurationSet' };

/** The serializable result of a synth: what `bindPolicies` needs, cached between starts. */
export interface ExtractedPolicies {
  key: string;
  /** Settings the app was synthesized with that the policies depend on. */
  mail: MailIdentity;
  /** The stack of the functions' roles. */
  functionsStack: string;
  /** Each function's role statements, intrinsics unresolved. */
  functions: Record<FunctionName, Json[]>;
  /** Export name → value in the stack that exports it. */
  exports: Record<string, { stack: string; value: Json }>;
  /** `stack/logicalId` → the local counterpart. */
  resources: Record<string, LocalResource>;
}

export interface MailIdentity {
  /** MAIL_FROM of the local functions; the app is synthesized with it as `mailFrom`. */
  mailFrom: string;
}

const formatVersion = 1;
const projectRoot = resolve(import.meta.dirname, '../../..');
const appEntry = join(projectRoot, 'infra/app.ts');

/**
 * The project files the CDK app is built from: infra/app.ts and every relative import it reaches
 * (constructs, shared/resources.ts, …), found by reading the import statements.
 */
export function appSourceFiles(): string[] {
  const seen = new Set<string>();
  const pending = [appEntry];
  const importPattern = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  while (pending.length) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(importPattern)) {
      const base = resolve(dirname(file), match[1] as string);
      const candidate = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
        (path) => existsSync(path) && /\.tsx?$/.test(path),
      );
      if (candidate) pending.push(candidate);
    }
  }
  return [...seen].sort();
}

/** Changes with the app's sources, the installed CDK and the settings it is synthesized with. */
export function policiesKey(mail: MailIdentity): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ formatVersion, mail }));
  for (const file of [
    ...appSourceFiles(),
    join(projectRoot, 'infra/local/iam/policies.ts'),
    join(projectRoot, 'package-lock.json'),
  ]) {
    hash.update(file.slice(projectRoot.length));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

/** Every statement of a role: its inline policies and the policies attached to it. */
function roleStatements(template: Json, roleId: string): Json[] {
  const asArray = (value: Json): Json[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const resources = Object.values<Json>(template.Resources ?? {});
  const role = template.Resources?.[roleId];
  if (!role) throw new Error(`No role ${roleId} in the template`);
  if (asArray(role.Properties?.ManagedPolicyArns).length) {
    throw new Error(`Role ${roleId} has managed policies, which local enforcement cannot read`);
  }
  const inline = asArray(role.Properties?.Policies).flatMap((p) =>
    asArray(p.PolicyDocument.Statement),
  );
  const attached = resources
    .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
    .filter((r) => asArray(r.Properties?.Roles).some((ref) => ref?.Ref === roleId))
    .flatMap((r) => asArray(r.Properties.PolicyDocument.Statement));
  return [...inline, ...attached];
}

/** Synthesizes the CDK app in this process, without bundling, and extracts the policies. */
export async function extractPolicies(mail: MailIdentity): Promise<ExtractedPolicies> {
  const key = policiesKey(mail);
  const [{ CfnElement, Stack }, { createApp, stackNames }] = await Promise.all([
    import('aws-cdk-lib'),
    import('../../app'),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), 'chytra-iam-'));
  // CloudFormation's own template checks change nothing in the template; the cdk-nag rules run.
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const { app, stateful, stateless } = createApp({
      outdir,
      context: { 'aws:cdk:bundling-stacks': [], mailFrom: mail.mailFrom },
    });
    const assembly = app.synth();
    const templates: Record<string, Json> = {
      [stackNames.stateful]: assembly.getStackByName(stackNames.stateful).template,
      [stackNames.stateless]: assembly.getStackByName(stackNames.stateless).template,
    };

    const resources: Record<string, LocalResource> = {};
    const record = (construct: { node: { defaultChild?: unknown } }, local: LocalResource) => {
      const element = construct.node.defaultChild;
      if (!(element instanceof CfnElement)) throw new Error('Expected a CloudFormation resource');
      resources[`${Stack.of(element).stackName}/${Stack.of(element).getLogicalId(element)}`] =
        local;
    };
    record(stateful.table, { kind: 'table' });
    record(stateful.exportsBucket, { kind: 'bucket' });
    for (const queue of stateless.queues) {
      record(queue.queue, { kind: 'queue', queue: queue.name });
      record(queue.deadLetterQueue, { kind: 'deadLetterQueue', queue: queue.name });
    }
    record(stateless.mailer.configurationSet, { kind: 'configurationSet' });

    const exports: ExtractedPolicies['exports'] = {};
    for (const [stack, template] of Object.entries(templates)) {
      for (const output of Object.values<Json>(template.Outputs ?? {})) {
        if (output.Export?.Name) exports[output.Export.Name] = { stack, value: output.Value };
      }
    }

    const functions = {} as ExtractedPolicies['functions'];
    for (const fn of stateless.functions) {
      const roleId = stateless.getLogicalId(
        fn.role.node.defaultChild as InstanceType<typeof CfnElement>,
      );
      functions[fn.name] = roleStatements(templates[stackNames.stateless], roleId);
    }
    return { key, mail, functionsStack: stackNames.stateless, functions, exports, resources };
  } finally {
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The extracted policies from `cacheDir` when the app's sources are unchanged since they were
 * written, else from a fresh synth (a few seconds), which is then cached there.
 */
export async function cachedPolicies(
  mail: MailIdentity,
  cacheDir: string,
): Promise<ExtractedPolicies> {
  const file = join(cacheDir, 'iam-policies.json');
  const key = policiesKey(mail);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as ExtractedPolicies;
    if (cached.key === key) return cached;
  } catch {
    // Missing or unreadable: synthesize.
  }
  const extracted = await extractPolicies(mail);
  mkdirSync(cacheDir, { recursive: true });
  // Written whole or not at all: concurrent test runs may read it meanwhile.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(extracted));
  renameSync(partial, file);
  return extracted;
}

export interface LocalInstallation {
  account: LocalAccount;
  names: LocalNames;
  /** Queue URLs as the emulator gives them (a queue's Ref is its URL). */
  queueUrls?: Partial<Record<QueueName, string>>;
  /** The SES configuration set's name locally (none is used unless SES_CONFIGURATION_SET is set). */
  configurationSetName?: string;
}

/** The fake account of every local ARN, on the policy side and the request side alike. */
export const localAccountId = '000000000000';

/**
 * The functions' policies bound to one local installation, with the account they are evaluated
 * in: what the runtime's `iam` option and the test environments take.
 */
export function localEnforcement(
  extracted: ExtractedPolicies,
  installation: {
    region: string;
    names: LocalNames;
    queueUrls?: Partial<Record<QueueName, string>>;
  },
): { policies: FunctionPolicies; account: LocalAccount } {
  const { mailFrom } = extracted.mail;
  const account: LocalAccount = {
    accountId: localAccountId,
    region: installation.region,
    // The stack's sesIdentity defaults to the domain of mailFrom.
    sesIdentities: [mailFrom.slice(mailFrom.lastIndexOf('@') + 1)],
  };
  return {
    account,
    policies: bindPolicies(extracted, {
      account,
      names: installation.names,
      ...(installation.queueUrls ? { queueUrls: installation.queueUrls } : {}),
    }),
  };
}

/** Resolves the intrinsics of the extracted statements to the ARNs of one local installation. */
export function bindPolicies(
  extracted: ExtractedPolicies,
  local: LocalInstallation,
): FunctionPolicies {
  const { account, names } = local;
  const arnPrefix = (service: string) =>
    `arn:aws:${service}:${account.region}:${account.accountId}`;
  const configurationSetName = local.configurationSetName ?? `${names.table}-mail`;

  function attribute(stack: string, logicalId: string, name: string): string {
    const found = extracted.resources[`${stack}/${logicalId}`];
    if (!found) {
      // A resource with no local counterpart: an ARN no local call can name.
      return `${arnPrefix('cloudformation')}:stack/${stack}/${logicalId}${name === 'Ref' ? '' : `.${name}`}`;
    }
    switch (found.kind) {
      case 'table':
        return name === 'Ref' ? names.table : `${arnPrefix('dynamodb')}:table/${names.table}`;
      case 'bucket':
        return name === 'Ref' ? names.bucket : `arn:aws:s3:::${names.bucket}`;
      case 'queue':
      case 'deadLetterQueue': {
        const queueName =
          found.kind === 'queue' ? names.queue(found.queue) : names.deadLetterQueue(found.queue);
        if (name === 'Arn') return `${arnPrefix('sqs')}:${queueName}`;
        if (name === 'QueueName') return queueName;
        return (
          (found.kind === 'queue' ? local.queueUrls?.[found.queue] : undefined) ??
          `https://sqs.${account.region}.amazonaws.com/${account.accountId}/${queueName}`
        );
      }
      case 'configurationSet':
        return configurationSetName;
    }
  }

  function pseudo(name: string): string | undefined {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return account.region;
      case 'AWS::AccountId':
        return account.accountId;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      default:
        return undefined;
    }
  }

  function resolveValue(stack: string, value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => resolveValue(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = value[fn];
      switch (fn) {
        case 'Ref':
          return pseudo(arg) ?? attribute(stack, arg, 'Ref');
        case 'Fn::GetAtt': {
          const [id, name] = Array.isArray(arg) ? arg : String(arg).split('.');
          return attribute(stack, id, name);
        }
        case 'Fn::ImportValue': {
          const exported = extracted.exports[resolveValue(stack, arg)];
          if (!exported) throw new Error(`No export ${JSON.stringify(arg)} in the templates`);
          return resolveValue(exported.stack, exported.value);
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          return resolveValue(stack, parts)
            .map((part: Json) => String(part))
            .join(separator);
        }
        case 'Fn::Sub': {
          const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
          return String(template).replace(/\$\{([^}!][^}]*)\}/g, (_, ref: string) => {
            if (ref in variables) return String(resolveValue(stack, variables[ref]));
            const [id, name] = ref.split('.') as [string, string | undefined];
            return pseudo(ref) ?? attribute(stack, id, name ?? 'Ref');
          });
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, Json];
          return resolveValue(stack, list)[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, source] = arg as [string, Json];
          return String(resolveValue(stack, source)).split(separator);
        }
      }
      if (fn.startsWith('Fn::')) throw new Error(`Cannot resolve ${fn} in a role policy locally`);
    }
    return Object.fromEntries(keys.map((key) => [key, resolveValue(stack, value[key])]));
  }

  return Object.fromEntries(
    Object.entries(extracted.functions).map(([fn, statements]) => [
      fn,
      { Version: '2012-10-17', Statement: resolveValue(extracted.functionsStack, statements) },
    ]),
  ) as FunctionPolicies;
}

/** The functions' policies without the actions given per function: for tests of a missing grant. */
export function withoutActions(
  policies: FunctionPolicies,
  fn: FunctionName,
  actions: readonly string[],
): FunctionPolicies {
  const removed = new Set(actions.map((a) => a.toLowerCase()));
  const statements = policies[fn].Statement.flatMap((statement) => {
    if (statement.Action === undefined) return [statement];
    const kept = (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).filter(
      (action) => !removed.has(action.toLowerCase()),
    );
    return kept.length ? [{ ...statement, Action: kept }] : [];
  });
  return { ...policies, [fn]: { Version: '2012-10-17', Statement: statements } };
}
