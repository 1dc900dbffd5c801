import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { type ChytraSkoleniApp, createApp } from '../../infra/app';
import { type FunctionName, functions } from '../../shared/resources';

/** A complete set of deployment settings, as a real deployment passes them with -c. */
export const realSettings = {
  mailFrom: 'skoleni@kraj-example.cz',
  mailFromName: 'Chytrá školení',
  contactEmail: 'skoleni@kraj-example.cz',
  contactPhone: '+420 485 000 111',
  contactAddress: 'Náměstí 1, 460 01 Liberec',
  dpoContact: 'Mgr. Jana Ukázková, poverenec@kraj-example.cz, +420 485 000 222',
  publicBaseUrl: 'https://skoleni.kraj-example.cz/',
  sesIdentity: 'kraj-example.cz',
  exportRecipients: 'analytik@kraj-example.cz, vedouci@kraj-example.cz',
  retentionDays: '1095',
  alarmEmail: 'provoz@kraj-example.cz',
  certificateIssuer: 'Liberecký kraj',
  certificateIssuerIco: '70891508',
  certificateSignatoryName: 'Mgr. Jana Dvořáková',
  certificateSignatoryRole: 'vedoucí odboru regionálního rozvoje',
};

/** Synthesising the app takes a few seconds, more on a busy machine. */
export const synthTimeout = 60_000;

/** Bundling off: the templates are what is tested, not the code (see bundling.test.ts). */
const noBundling = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface Synthesised extends ChytraSkoleniApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

/** Cloud assemblies of the importing test file, removed after it. */
const outdirRoot = mkdtempSync(join(tmpdir(), 'chytra-infra-'));
afterAll(() => rmSync(outdirRoot, { recursive: true, force: true }));

export function freshOutdir(): string {
  return mkdtempSync(join(outdirRoot, 'cdk.out-'));
}

export function synthesise(context: Record<string, unknown> = realSettings): Synthesised {
  const built = createApp({ outdir: freshOutdir(), context: { ...noBundling, ...context } });
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
export type Json = any;

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Json;
  raw: Json;
}

export function resourcesOfType(template: Template, type: string): TemplateResource[] {
  return Object.entries<Json>(template.findResources(type)).map(([logicalId, raw]) => ({
    logicalId,
    type,
    properties: raw.Properties ?? {},
    raw,
  }));
}

export function resource(template: Template, logicalId: string): Json {
  const found = template.toJSON().Resources?.[logicalId];
  if (!found) throw new Error(`No resource ${logicalId}`);
  return found;
}

/** The logical id an intrinsic (Ref or Fn::GetAtt) points at, if it is one. */
export function referencedId(value: Json): string | undefined {
  if (value && typeof value === 'object') {
    if (typeof value.Ref === 'string') return value.Ref;
    if (Array.isArray(value['Fn::GetAtt'])) return value['Fn::GetAtt'][0];
  }
  return undefined;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The logical id of a function, found by its description from shared/resources.ts. */
export function functionIdOf(template: Template, name: FunctionName): string {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    (fn) => fn.properties.Description === functions[name].description,
  );
  if (matches.length !== 1) throw new Error(`${matches.length} functions for '${name}'`);
  return (matches[0] as TemplateResource).logicalId;
}

/** Every IAM statement attached to a role: inline policies and AWS::IAM::Policy resources. */
export function statementsOfRole(template: Template, roleId: string): Json[] {
  const role = resource(template, roleId);
  const inline = asArray<Json>(role.Properties.Policies).flatMap((p) =>
    asArray<Json>(p.PolicyDocument.Statement),
  );
  const attached = resourcesOfType(template, 'AWS::IAM::Policy')
    .filter((p) => asArray<Json>(p.properties.Roles).some((r) => referencedId(r) === roleId))
    .flatMap((p) => asArray<Json>(p.properties.PolicyDocument.Statement));
  return [...inline, ...attached];
}

/** Every IAM statement of every role, user, group and policy in a template. */
export function allIamStatements(template: Template): Json[] {
  const fromPolicies = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((type) =>
    resourcesOfType(template, type).flatMap((p) =>
      asArray<Json>(p.properties.PolicyDocument.Statement),
    ),
  );
  const inline = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].flatMap((type) =>
    resourcesOfType(template, type).flatMap((r) =>
      asArray<Json>(r.properties.Policies).flatMap((p) =>
        asArray<Json>(p.PolicyDocument.Statement),
      ),
    ),
  );
  return [...fromPolicies, ...inline];
}
