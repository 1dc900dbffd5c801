/**
 * Organiser authentication: the guard of the organiser pages and API, the CSRF tokens of their
 * forms, the sign-in flows (admin token or Cognito hosted UI) and the ID token checks.
 */
export { cognitoCallbackPath, organiserLoginPath } from '../paths';
export { isValidOrganiserCsrf, organiserCsrfToken } from './csrf';
export {
  isOrganiser,
  organiserIdentity,
  requireOrganiserApi,
  requireOrganiserPage,
  safeNextPath,
} from './guard';
export {
  type CognitoAuth,
  type CognitoSettings,
  type OrganiserAuth,
  organiserCookie,
} from './organiser-auth';
export {
  endOrganiserSession,
  isValidOrganiserSession,
  organiserSessionSeconds,
  organiserSessionValue,
  startOrganiserSession,
} from './session';
export {
  type CognitoSignInResult,
  cognitoSignOutUrl,
  finishCognitoSignIn,
  isOrganiserToken,
  startCognitoSignIn,
} from './sign-in';
