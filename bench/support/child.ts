export {};

/**
 * Entry of a measurement's own process (see isolate.ts): imports a bench module, runs one of its
 * exported functions with the JSON arguments and sends the result back to the parent.
 */
const [moduleUrl, exportName, argumentsJson] = process.argv.slice(2);

function reply(message: unknown, code: number): void {
  if (process.send) process.send(message, () => process.exit(code));
  else process.exit(code);
}

try {
  if (!moduleUrl || !exportName)
    throw new Error('usage: child.ts <module url> <export> [json args]');
  const module = (await import(moduleUrl)) as Record<string, unknown>;
  const measure = module[exportName];
  if (typeof measure !== 'function') throw new Error(`${moduleUrl} exports no ${exportName}()`);
  const args = JSON.parse(argumentsJson ?? '[]') as unknown[];
  const result: unknown = await measure(...args);
  reply({ ok: true, result }, 0);
} catch (error) {
  reply(
    { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    1,
  );
}
