import {
  type FunctionConfig,
  type MailerConfig,
  type OrganiserConfig,
  parseFunctionConfig,
  type SiteConfig,
} from '../../shared/config';

/**
 * On one machine every function gets the same environment (each parses what it reads): the
 * settings of the functions that between them read all of it, for local tools and tests.
 */
export type LocalConfig = SiteConfig &
  OrganiserConfig &
  MailerConfig &
  FunctionConfig<'indicators'> &
  FunctionConfig<'certificateRenderer'>;

export function parseLocalConfig(environment: Record<string, string | undefined>): LocalConfig {
  return {
    ...parseFunctionConfig('site', environment),
    ...parseFunctionConfig('mailer', environment),
    ...parseFunctionConfig('indicators', environment),
    ...parseFunctionConfig('certificateRenderer', environment),
    ...parseFunctionConfig('organiser', environment),
  } as LocalConfig;
}
