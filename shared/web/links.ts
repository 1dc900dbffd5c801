import { type LinkKeys, signToken } from '../domain/signed-link';
import { surveySchedule } from '../domain/survey';
import { paths } from './paths';

/**
 * Links sent by email. Each carries an HMAC-signed token naming one registration, so no login
 * is needed and a guessed or altered link is refused. The token holds ids, never personal data.
 */
export interface LinkSettings {
  publicBaseUrl: string;
  linkSecret: string;
  /** The key ring (LINK_SIGNING_SECRETS): the newest signs. Without it, `linkSecret` signs. */
  linkKeys?: LinkKeys;
}

const signingKeys = (settings: LinkSettings): LinkKeys => settings.linkKeys ?? settings.linkSecret;

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
  return `${base(settings)}${paths.event.fill({ id: eventId })}`;
}

/** What a link's expiry is derived from: the event as it stands when the email is sent. */
export interface LinkEvent {
  id: string;
  endsAt: string;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * When each kind of link stops working, signed into its token: a link forwarded or found in an
 * old mailbox must not act on a registration for ever. A moved event's notice carries new links.
 */
export const linkExpiry = {
  /** Cancelling makes no sense once the event is over. */
  cancel: (event: LinkEvent) => Date.parse(event.endsAt),
  /** The survey's own closing time. */
  survey: (event: LinkEvent) => Date.parse(surveySchedule(event).closesAt),
  /** A day after the end: an organiser may record the attendance from the QR codes the day after. */
  checkin: (event: LinkEvent) => Date.parse(event.endsAt) + dayMs,
};

export function cancelUrl(
  settings: LinkSettings,
  event: LinkEvent,
  registrationId: string,
): string {
  const token = signToken(signingKeys(settings), {
    purpose: 'cancel',
    id: registrationRef(event.id, registrationId),
    exp: linkExpiry.cancel(event),
  });
  return `${base(settings)}${paths.cancel.fill({ token })}`;
}

/** Survey links stop working when the survey closes; the page says so in words. */
export function surveyUrl(
  settings: LinkSettings,
  event: LinkEvent,
  registrationId: string,
): string {
  const token = signToken(signingKeys(settings), {
    purpose: 'survey',
    id: registrationRef(event.id, registrationId),
    exp: linkExpiry.survey(event),
  });
  return `${base(settings)}${paths.survey.fill({ token })}`;
}

/** Scanned at the door from the QR code in the confirmation; works for a signed-in organiser. */
export function checkinUrl(
  settings: LinkSettings,
  event: LinkEvent,
  registrationId: string,
): string {
  const token = signToken(signingKeys(settings), {
    purpose: 'checkin',
    id: registrationRef(event.id, registrationId),
    exp: linkExpiry.checkin(event),
  });
  return `${base(settings)}${paths.checkIn.fill({ token })}`;
}
