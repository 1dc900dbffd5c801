import { benchAdminToken } from './stack';

/** The organiser's JSON API and the public registration endpoint, over real HTTP. */

export async function createEventViaApi(
  baseUrl: string,
  input: Record<string, unknown>,
): Promise<{ id: string }> {
  const response = await fetch(`${baseUrl}/api/admin/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${benchAdminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ modernTechFocus: true, venue: 'Liberec', ...input }),
  });
  if (response.status !== 201) {
    throw new Error(`Creating an event answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { id: string };
}

export async function cancelEventViaApi(baseUrl: string, eventId: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/admin/events/${eventId}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${benchAdminToken}` },
  });
  if (response.status !== 200) throw new Error(`Cancelling answered ${response.status}`);
  await response.arrayBuffer();
}

export function person(n: number | string): Record<string, unknown> {
  return {
    name: `Účastník ${n}`,
    email: `ucastnik.${n}@example.cz`,
    role: 'clerk',
    organisation: { name: 'Město Česká Lípa', ico: '00260428' },
    consent: true,
  };
}

/** POSTs one registration; resolves with the HTTP status and the `status` field of the answer. */
export async function registerViaApi(
  baseUrl: string,
  eventId: string,
  body: Record<string, unknown>,
): Promise<{ code: number; status?: string }> {
  const response = await fetch(`${baseUrl}/api/events/${eventId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { status?: string };
  return { code: response.status, ...(answer.status ? { status: answer.status } : {}) };
}
