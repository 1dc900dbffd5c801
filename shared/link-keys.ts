import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseSigningKeys } from './config';

type Environment = Record<string, string | undefined>;

/** Reads one secret's string value; the AWS SDK in AWS, a stand-in in tests. */
export type SecretReader = (arn: string) => Promise<string>;

const secretsManagerReader: SecretReader = async (arn) => {
  const client = new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('The link signing secret has no string value');
  return SecretString;
};

/**
 * AWS: puts the link keys from Secrets Manager into the environment once per container, before
 * the configuration is parsed. The secret holds a LINK_SIGNING_SECRETS value
 * (`k2:<secret>,legacy:<secret>`) or, as first generated, one plain key (LINK_SIGNING_SECRET).
 * Does nothing locally, without LINK_SIGNING_SECRETS_ARN (a function without link access), or
 * when the keys are already in the environment.
 */
export async function loadLinkKeys(
  env: Environment = process.env,
  read: SecretReader = secretsManagerReader,
): Promise<void> {
  const arn = env.LINK_SIGNING_SECRETS_ARN;
  if (env.APP_ENV !== 'aws' || !arn) return;
  if (env.LINK_SIGNING_SECRETS || env.LINK_SIGNING_SECRET) return;
  const value = (await read(arn)).trim();
  if (value.includes(':')) {
    if (!parseSigningKeys(value)) {
      throw new Error('The link signing secret is not a valid LINK_SIGNING_SECRETS value');
    }
    env.LINK_SIGNING_SECRETS = value;
  } else {
    env.LINK_SIGNING_SECRET = value;
  }
}
