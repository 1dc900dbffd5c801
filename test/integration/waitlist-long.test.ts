import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchWrite } from '../../shared/adapters/dynamo/batch';
import { keys } from '../../shared/adapters/dynamo/keys';
import { newId } from '../../shared/domain/ids';
import type { Registration } from '../../shared/domain/registration';
import { promoteFromWaitlist } from '../../shared/use-cases/cancel-registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { adminHeaders, appUnderTest, useCaseDeps } from '../support/app-under-test';
import { inDays } from '../support/fixtures';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const waiting = 10_000;
let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

/**
 * An event with ten thousand people waiting: the organiser's page shows the list a page at a
 * time, the CSV has every row, and a promotion still takes the head of the line.
 */
describe('a waiting list of 10,000', () => {
  it('renders, exports and promotes', async () => {
    const deps = useCaseDeps(env);
    const event = await createEvent(deps, {
      title: 'Digitální úřad pro všechny',
      startsAt: inDays(30),
      endsAt: inDays(30, 3),
      venue: 'Liberec',
      capacity: 1,
      waitlistCapacity: waiting + 10,
      modernTechFocus: true,
    });
    const seated = await register(deps, event.id, {
      name: 'První',
      email: 'prvni@example.cz',
      role: 'citizen',
      consent: true,
    });
    expect(seated.status).toBe('confirmed');
    // The line is written directly, as registrations would have left it; the places in line of
    // the first few are enough for the promotion at the end, which reads only the head.
    const start = Date.now() - 86_400_000;
    const line: Registration[] = Array.from({ length: waiting }, (_, i) => ({
      id: newId(start + i),
      eventId: event.id,
      name: `Čekající ${i}`,
      email: `cekajici.${i}@example.cz`,
      role: 'citizen',
      status: 'waitlisted',
      source: 'registration',
      createdAt: new Date(start + i).toISOString(),
    }));
    await batchWrite(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      line.flatMap((r, i) => [
        { PutRequest: { Item: { ...keys.registration(r.eventId, r.id), ...r } } },
        ...(i < 10
          ? [
              {
                PutRequest: {
                  Item: {
                    ...keys.waitlistEntry(r.eventId, r.createdAt, r.id),
                    registrationId: r.id,
                    registeredAt: r.createdAt,
                  },
                },
              },
            ]
          : []),
      ]),
    );
    await env.clients.dynamo.send(
      new UpdateCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.event(event.id),
        UpdateExpression: 'SET waitlistedCount = :n',
        ExpressionAttributeValues: { ':n': waiting },
      }),
    );

    const { app } = appUnderTest(env);
    const page = await app.request(`/admin/akce/${event.id}?strana=2`, { headers: adminHeaders });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<tr/g)?.length).toBe(201);
    expect(html).toMatch(/Zobrazeno\s201–400\sz\s10\s001\sregistrací/u);
    expect(html).toContain(`/admin/akce/${event.id}?strana=3`);

    const csv = await app.request(`/api/admin/events/${event.id}/registrations.csv`, {
      headers: adminHeaders,
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows).toHaveLength(1 + 1 + waiting);

    const stored = await deps.events.listRegistrations(event.id);
    const [first] = stored.filter((r) => r.status === 'confirmed');
    await deps.events.cancelRegistration(first as Registration, new Date().toISOString());
    expect(await promoteFromWaitlist(deps, event.id)).toBe(1);
    const promoted = await deps.events.getRegistration(event.id, line[0]?.id as string);
    expect(promoted?.status).toBe('confirmed');
  });
});
