import type {
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  InitializeMiddleware,
  MiddlewareStack,
} from '@smithy/types';
import { observeClients } from '../../shared/adapters/clients';

/** One SDK call as the application made it: retries inside the SDK are `attempts`. */
export interface CallRecord {
  /** The function whose module created the client (`http`, `mailer`, …), or who else did. */
  owner: string;
  service: string;
  /** The API operation, e.g. TransactWriteItems. */
  operation: string;
  attempts: number;
  /** Items returned by a read (Query, Scan, GetItem, BatchGetItem). */
  itemsRead: number;
  /** DynamoDB capacity units the call consumed, when it was asked to report them. */
  capacityUnits: number;
  /** From the call to its result, retries and (un)marshalling included. */
  ms: number;
  error?: string;
}

export interface CallCounter {
  readonly records: readonly CallRecord[];
  /** Records made since `mark` (a length of `records` taken earlier). */
  since(mark: number): CallRecord[];
  stop(): void;
}

const dynamoReads = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** Which code made the client: the function module on the stack, else the runtime or the bench. */
function ownerOfNewClient(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const fn = /\/functions\/([\w-]+)\.ts/.exec(stack);
  if (fn?.[1]) return fn[1];
  if (stack.includes('/infra/local/runtime.ts')) return 'event source mapping';
  if (stack.includes('/infra/local/')) return 'local infrastructure';
  return 'bench';
}

type Output = {
  $metadata?: { attempts?: number };
  Items?: unknown[];
  Item?: unknown;
  Responses?: Record<string, unknown[]>;
  ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
};

function itemsRead(operation: string, output: Output): number {
  switch (operation) {
    case 'Query':
    case 'Scan':
      return output.Items?.length ?? 0;
    case 'GetItem':
      return output.Item ? 1 : 0;
    case 'BatchGetItem':
      return Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
    default:
      return 0;
  }
}

function capacityUnits(output: Output): number {
  const consumed = output.ConsumedCapacity;
  if (!consumed) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/**
 * Counts every call of every SDK client created after this, with a middleware at the start of
 * each client's stack. `consumedCapacity` asks DynamoDB reads to report their capacity units
 * (ReturnConsumedCapacity=TOTAL), which changes nothing else about the call.
 */
export function countCalls(options: { consumedCapacity?: boolean } = {}): CallCounter {
  const records: CallRecord[] = [];
  const stop = observeClients((client) => {
    const owner = ownerOfNewClient();
    const service = client.config.serviceId;
    const middleware: InitializeMiddleware<object, object> =
      (next, context) =>
      async (
        args: InitializeHandlerArguments<object>,
      ): Promise<InitializeHandlerOutput<object>> => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        if (options.consumedCapacity && service === 'DynamoDB' && dynamoReads.has(operation)) {
          input.ReturnConsumedCapacity ??= 'TOTAL';
        }
        const started = performance.now();
        try {
          const result = await next(args);
          const output = result.output as Output;
          records.push({
            owner,
            service,
            operation,
            attempts: output.$metadata?.attempts ?? 1,
            itemsRead: itemsRead(operation, output),
            capacityUnits: capacityUnits(output),
            ms: performance.now() - started,
          });
          return result;
        } catch (error) {
          const details = error as { name?: string; $metadata?: { attempts?: number } };
          records.push({
            owner,
            service,
            operation,
            attempts: details.$metadata?.attempts ?? 1,
            itemsRead: 0,
            capacityUnits: 0,
            ms: performance.now() - started,
            error: details.name ?? 'Error',
          });
          throw error;
        }
      };
    (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(middleware, {
      step: 'initialize',
      priority: 'high',
      name: 'benchCallCounter',
    });
  });
  return {
    records,
    since: (mark) => records.slice(mark),
    stop,
  };
}

/** Calls per operation name, e.g. { 'DynamoDB TransactWriteItems': 1 }, sorted by name. */
export function tally(records: readonly CallRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const name = `${r.service} ${r.operation}${r.error ? ` (${r.error})` : ''}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return new Map([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** "DynamoDB GetItem ×2, SQS SendMessageBatch" */
export function describeCalls(records: readonly CallRecord[], per = 1): string {
  const parts = [...tally(records)].map(([name, count]) => {
    const n = count / per;
    const shown = Number.isInteger(n) ? String(n) : n.toFixed(2);
    return n === 1 ? name : `${name} ×${shown}`;
  });
  return parts.length ? parts.join(', ') : 'none';
}
