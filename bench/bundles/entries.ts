/** Generated entry points for the reference bundles; esbuild reads them from stdin. */

/** (a) The least an ESM Lambda handler can be. */
export const emptyEntry = 'export const handler = async () => {};\n';

const documentClientPackage = '@aws-sdk/lib-dynamodb';
const clientPackagePattern = /^@aws-sdk\/client-[a-z0-9-]+$/;

/** The SDK packages among a bundle's packages that a floor bundle should create clients of. */
export function sdkClientPackages(packages: Iterable<string>): string[] {
  return [...packages].filter((name) => clientPackagePattern.test(name)).sort();
}

/**
 * The service client class a client package exports: its one `…Client` export (the others are
 * `__Client`, the Smithy base class, and, in lib-dynamodb, command base classes).
 */
async function clientClassName(packageName: string): Promise<string> {
  const exports = Object.keys(await import(packageName));
  const names = exports.filter((name) => /^[A-Z]\w*Client$/.test(name));
  if (names.length !== 1) {
    throw new Error(
      `${packageName}: expected one service client export, found ${names.join(', ')}`,
    );
  }
  return names[0] as string;
}

/**
 * (b) A handler that only imports and creates, once at module level, the clients of the given
 * packages, the way shared/adapters/clients.ts creates them in AWS (region only; the DynamoDB
 * client wrapped in the document client when the handler has lib-dynamodb).
 */
export async function floorEntry(clientPackages: string[], withDocumentClient: boolean) {
  const lines: string[] = [];
  const clients: string[] = [];
  for (const packageName of clientPackages) {
    const className = await clientClassName(packageName);
    lines.push(`import { ${className} } from '${packageName}';`);
    const created = `new ${className}({ region: process.env.AWS_REGION })`;
    clients.push(
      withDocumentClient && packageName === '@aws-sdk/client-dynamodb'
        ? `DynamoDBDocumentClient.from(${created}, { marshallOptions: { removeUndefinedValues: true } })`
        : created,
    );
  }
  if (withDocumentClient) {
    lines.push(`import { DynamoDBDocumentClient } from '${documentClientPackage}';`);
  }
  lines.push(`export const clients = [${clients.join(', ')}];`, emptyEntry);
  return lines.join('\n');
}

export function usesDocumentClient(packages: Set<string>): boolean {
  return packages.has(documentClientPackage);
}

/**
 * The same small schema in zod's classic API and in zod/mini, parsed once at module level so
 * neither is tree-shaken away.
 */
export const zodEntries = [
  {
    name: 'zod-classic',
    label: 'zod classic (`zod`)',
    source: `import * as z from 'zod';
const schema = z.object({ email: z.email(), seats: z.coerce.number().int().positive() });
export const parsed = schema.parse({ email: 'a@example.cz', seats: '2' });
${emptyEntry}`,
  },
  {
    name: 'zod-mini',
    label: '`zod/mini`',
    source: `import * as z from 'zod/mini';
const schema = z.object({ email: z.email(), seats: z.coerce.number().check(z.int(), z.positive()) });
export const parsed = schema.parse({ email: 'a@example.cz', seats: '2' });
${emptyEntry}`,
  },
];
