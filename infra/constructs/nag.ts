import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements (`Validations.of(scope).acknowledge`). Every one carries its reason
 * next to the resource it concerns; there are no stack-wide or app-wide acknowledgements.
 */
export function acknowledge(scope: IConstruct, id: string, options: { reason: string }): void {
  Validations.of(scope).acknowledge({ id, reason: options.reason });
}

/**
 * For a finding whose id contains a value CDK only settles during synthesis: a reference to a
 * resource of another stack becomes an `Fn::ImportValue` after construction. The id is computed
 * in the validation phase, which runs after references are resolved and before the policy
 * validation plugins (cdk-nag) read the acknowledgements.
 */
export function acknowledgeLate(
  scope: IConstruct,
  id: () => string,
  options: { reason: string },
): void {
  scope.node.addValidation({
    validate: () => {
      acknowledge(scope, id(), options);
      return [];
    },
  });
}

/** A token as cdk-nag prints it in a finding id, e.g. `<Bucket.Arn>` or an import name. */
export function nagReference(scope: IConstruct, value: string): string {
  return flattenCfnReference(Stack.of(scope).resolve(value));
}
