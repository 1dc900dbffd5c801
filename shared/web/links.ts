import { signToken } from '../domain/signed-link';

/**
 * Links sent by email. Each carries an HMAC-signed token naming one registration, so no login
 * is needed and a guessed or altered link is refused. The token holds ids, never personal data.
 */
export interface LinkSettings {
  publicBaseUrl: string;
  linkSecret: string;
}

/** "eventId.registrationId": both are needed to find the item; the signature covers both. */
export function registrationRef(eventId: string, registrationId: string): string {
  return `${eventId}.${registrationId}`;
}

export function parseRegistrationRef(
  ref: string,
): { eventId: string; registrationId: string } | undefined {
  const [eventId, registrationId, ...rest] = ref.split('.');
  if (!eventId || !registrationId || rest.length > 0) return undefined;
  return { eventId, registrationId };
}

const base = (settings: LinkSettings) => settings.publicBaseUrl.replace(/\/+$/, '');

export function eventUrl(settings: LinkSettings, eventId: string): string {
  return `${base(settings)}/akce/${eventId}`;
}

export function cancelUrl(settings: LinkSettings, eventId: string, registrationId: string): string {
  const token = signToken(settings.linkSecret, {
    purpose: 'cancel',
    id: registrationRef(eventId, registrationId),
  });
  return `${base(settings)}/zruseni/${token}`;
}

/** Survey links stop working when the survey closes; the page says so in words. */
export function surveyUrl(settings: LinkSettings, eventId: string, registrationId: string): string {
  const token = signToken(settings.linkSecret, {
    purpose: 'survey',
    id: registrationRef(eventId, registrationId),
  });
  return `${base(settings)}/dotaznik/${token}`;
}

/** Scanned at the door from the QR code in the confirmation; works for a signed-in organiser. */
export function checkinUrl(
  settings: LinkSettings,
  eventId: string,
  registrationId: string,
): string {
  const token = signToken(settings.linkSecret, {
    purpose: 'checkin',
    id: registrationRef(eventId, registrationId),
  });
  return `${base(settings)}/admin/prezence/${token}`;
}
