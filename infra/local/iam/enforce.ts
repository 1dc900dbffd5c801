import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type {
  DeserializeHandlerArguments,
  DeserializeHandlerOutput,
  DeserializeMiddleware,
  MiddlewareStack,
} from '@smithy/types';
import { observeClients, type ServiceClient } from '../../../shared/adapters/clients';
import type { FunctionName } from '../../../shared/resources';
import type { FunctionPolicies, PolicyDocument } from './policies';
import { type AuthorizationRequest, authorizationRequests, type LocalAccount } from './requests';

/**
 * IAM as AWS applies it to a function's calls, for the local runtime: every SDK client a
 * function creates carries a middleware that evaluates each call against that function's role
 * policy (with @cloud-copilot/iam-simulate) before it leaves the process. A call the policy does
 * not allow gets the service's own AccessDenied response, which the SDK turns into the error the
 * code would see in AWS. Only the local runtime and the tests install this; the functions never
 * import it.
 */

export interface Enforcement {
  policies: FunctionPolicies;
  account: LocalAccount;
}

const scope = new AsyncLocalStorage<FunctionName>();
/** A function without a role policy may do nothing. */
const noPolicy: PolicyDocument = { Version: '2012-10-17', Statement: [] };
let enforcement: Enforcement | undefined;
let observing = false;
/** Decisions per policy: a function's calls ask the same few questions over and over. */
const decisions = new WeakMap<
  PolicyDocument,
  Map<string, Promise<{ allowed: boolean; explicit: boolean }>>
>();

/**
 * Runs `create` (a function module's import, or building its dependencies) as function `name`:
 * the SDK clients created meanwhile act with that function's policy.
 */
export function asFunction<T>(name: FunctionName, create: () => T): T {
  return scope.run(name, create);
}

/** Turns enforcement on for clients created from now on, or replaces the policies in force. */
export function enforceIam(next: Enforcement): void {
  enforcement = next;
  // Loaded while the functions load, not on the first request.
  void loadSimulator();
  if (!observing) observeClients(installMiddleware);
  observing = true;
}

export interface Decision {
  allowed: boolean;
  /** The first request that was not allowed. */
  denied?: AuthorizationRequest;
  explicit?: boolean;
}

type Simulate = typeof import('@cloud-copilot/iam-simulate').runSimulation;
let simulator: Promise<Simulate> | undefined;
const loadSimulator = () =>
  (simulator ??= import('@cloud-copilot/iam-simulate').then((m) => m.runSimulation));

async function evaluate(
  name: FunctionName,
  policy: PolicyDocument,
  account: LocalAccount,
  request: AuthorizationRequest,
): Promise<{ allowed: boolean; explicit: boolean }> {
  const simulate = await loadSimulator();
  const response = await simulate(
    {
      identityPolicies: [{ name: `${name}-role`, policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: `arn:aws:iam::${account.accountId}:role/${name}`,
        action: request.action,
        resource: { accountId: account.accountId, resource: request.resource },
        contextVariables: request.context,
      },
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(
      `IAM simulation of ${request.action} on ${request.resource} failed: ${JSON.stringify(response.errors)}`,
    );
  }
  return {
    allowed: response.overallResult === 'Allowed',
    explicit: response.overallResult === 'ExplicitlyDenied',
  };
}

const conditionKeysOf = new WeakMap<PolicyDocument, Set<string>>();

/** Every condition key the policy's statements test, lower-cased (keys are case-insensitive). */
function conditionKeys(policy: PolicyDocument): Set<string> {
  let keys = conditionKeysOf.get(policy);
  if (!keys) {
    keys = new Set(
      policy.Statement.flatMap((statement) =>
        Object.values(statement.Condition ?? {}).flatMap((test) =>
          Object.keys(test).map((key) => key.toLowerCase()),
        ),
      ),
    );
    conditionKeysOf.set(policy, keys);
  }
  return keys;
}

/** Whether `name`'s policy allows every request of one call. */
export async function decide(
  name: FunctionName,
  policy: PolicyDocument,
  account: LocalAccount,
  requests: readonly AuthorizationRequest[],
): Promise<Decision> {
  let cache = decisions.get(policy);
  if (!cache) {
    cache = new Map();
    decisions.set(policy, cache);
  }
  const keys = conditionKeys(policy);
  for (const request of requests) {
    // Condition keys the policy never tests cannot change the answer; leaving them out makes
    // calls that differ only there (the recipients of an email) the same question.
    const context = Object.fromEntries(
      Object.entries(request.context).filter(([key]) => keys.has(key.toLowerCase())),
    );
    const key = `${request.action} ${request.resource} ${JSON.stringify(context)}`;
    let result = cache.get(key);
    if (!result) {
      result = evaluate(name, policy, account, { ...request, context });
      cache.set(key, result);
    }
    const outcome = await result;
    if (!outcome.allowed) return { allowed: false, denied: request, explicit: outcome.explicit };
  }
  return { allowed: true };
}

interface ErrorResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The response each service sends when IAM denies a call, in its own protocol. */
export function accessDeniedResponse(
  serviceId: string,
  name: FunctionName,
  account: LocalAccount,
  decision: Decision,
): ErrorResponse {
  const request = decision.denied as AuthorizationRequest;
  const requestId = randomUUID();
  const principal = `arn:aws:sts::${account.accountId}:assumed-role/${name}-role/${name}`;
  const reason = decision.explicit
    ? `with an explicit deny in an identity-based policy`
    : `because no identity-based policy allows the ${request.action} action`;
  const message = `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${reason}`;
  const encode = (body: string) => new TextEncoder().encode(body);
  switch (serviceId) {
    case 'DynamoDB':
      return {
        statusCode: 400,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': requestId,
        },
        body: encode(
          JSON.stringify({
            __type: 'com.amazon.coral.service#AccessDeniedException',
            Message: message,
          }),
        ),
      };
    case 'SQS':
      return {
        statusCode: 400,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': requestId,
          'x-amzn-query-error': 'AccessDenied;Sender',
        },
        body: encode(
          JSON.stringify({
            __type: 'com.amazon.coral.service#AccessDeniedException',
            message,
          }),
        ),
      };
    case 'SESv2':
      return {
        statusCode: 403,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': 'AccessDeniedException',
        },
        body: encode(
          JSON.stringify({
            message: `User \`${principal}' is not authorized to perform \`${request.action}' on resource \`${request.resource}'`,
          }),
        ),
      };
    case 'S3':
      return {
        statusCode: 403,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: encode(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message><RequestId>${requestId}</RequestId></Error>`,
        ),
      };
    default:
      throw new Error(`No AccessDenied response for ${serviceId}`);
  }
}

function installMiddleware(client: ServiceClient): void {
  const name = scope.getStore();
  if (!name) return;
  const serviceId = client.config.serviceId;
  // In the deserialize step, after signing and retries are set up and right before the request
  // would be sent: the SDK's deserializer reads the refusal like one from the service, so the
  // error has the service's class, name, status and no retries, as in AWS.
  const middleware: DeserializeMiddleware<object, object> =
    (next, context) =>
    async (
      args: DeserializeHandlerArguments<object>,
    ): Promise<DeserializeHandlerOutput<object>> => {
      const active = enforcement;
      if (!active) return next(args);
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const policy = active.policies[name] ?? noPolicy;
      const requests = authorizationRequests(
        serviceId,
        operation,
        args.input as Record<string, unknown>,
        active.account,
      );
      const decision = await decide(name, policy, active.account, requests);
      if (decision.allowed) return next(args);
      return {
        response: accessDeniedResponse(serviceId, name, active.account, decision),
      } as DeserializeHandlerOutput<object>;
    };
  (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(middleware, {
    step: 'deserialize',
    priority: 'low',
    name: 'localIamEnforcement',
  });
}
