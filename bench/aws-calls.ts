/**
 * AWS calls per operation, counted by an SDK middleware on every client the functions create
 * (bench/support/call-counter.ts), with the whole local stack running in one process: the http
 * function behind real HTTP, the mailer behind the queue poller, the jobs as the scheduler
 * calls them.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamo/keys';
import { createEventRepository } from '../shared/adapters/event-repository';
import { newId } from '../shared/domain/ids';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { Registration } from '../shared/domain/registration';
import { type CallRecord, countCalls, describeCalls } from './support/call-counter';
import { cancelEventViaApi, createEventViaApi, person, registerViaApi } from './support/http';
import { inChild } from './support/isolate';
import { captureFunctionLogs } from './support/logs';
import { table, waitUntil } from './support/report';
import { benchEvent, eventItem, type Item, registrationsOf, writeItems } from './support/seed';
import { benchAdminToken, startBenchStack } from './support/stack';

export async function run(): Promise<string> {
  return inChild<string>(import.meta.url, 'measureCalls');
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function byOwner(records: readonly CallRecord[], owner: string): CallRecord[] {
  return records.filter((r) => r.owner === owner);
}

export async function measureCalls(): Promise<string> {
  // Before any client exists, so every function's clients carry the counter.
  const counter = countCalls();
  const logs = captureFunctionLogs();
  // The calls section measures no rate: a high limit keeps the mailer from waiting.
  // The registration limits on, as in AWS: their counters are part of what is counted.
  const stack = await startBenchStack({ SES_MAX_SEND_RATE: '1000', RATE_LIMITS: 'on' });
  try {
    const runtime = await stack.startRuntime();
    const sections: string[] = [];
    // The stack's own key, so claims seeded here are the ones its functions find.
    const addressHash = createAddressHasher(stack.environment.LINK_SIGNING_SECRET ?? '');
    const benchEvents = createEventRepository(stack.clients.dynamo, stack.tableName, addressHash);

    // --- Registration and the email it causes, one at a time ------------------------------
    const startsAt = new Date(Date.now() + 20 * dayMs).toISOString();
    const endsAt = new Date(Date.parse(startsAt) + 3 * hourMs).toISOString();
    const event = await createEventViaApi(runtime.url, {
      title: 'Počítání volání',
      startsAt,
      endsAt,
      capacity: 2,
    });

    const emailDone = (mark: number) => () => {
      const records = counter.since(mark);
      const sentAt = records.findIndex((r) => r.owner === 'mailer' && r.operation === 'SendEmail');
      return (
        sentAt >= 0 &&
        records
          .slice(sentAt)
          .some((r) => r.owner === 'event source mapping' && r.operation === 'DeleteMessageBatch')
      );
    };

    interface Measured {
      label: string;
      answer: string;
      http: CallRecord[];
      mailer: CallRecord[];
    }
    const measured: Measured[] = [];
    async function measureRegistration(label: string, eventId: string, who: string) {
      const mark = counter.records.length;
      const answer = await registerViaApi(runtime.url, eventId, person(who));
      const expectsEmail = answer.code === 201;
      if (expectsEmail) await waitUntil(emailDone(mark), `the email of "${label}"`, 30_000);
      const records = counter.since(mark);
      measured.push({
        label,
        answer: `${answer.code}${answer.status ? ` ${answer.status}` : ''}`,
        http: byOwner(records, 'http'),
        mailer: byOwner(records, 'mailer'),
      });
    }
    await measureRegistration('seat free', event.id, 'a');
    await measureRegistration('seat free', event.id, 'b');
    await measureRegistration('event full → waiting list', event.id, 'c');
    await measureRegistration(
      'waiting list again (this container has seen the event full)',
      event.id,
      'e',
    );
    await measureRegistration('repeated address', event.id, 'a');
    const cancelled = await createEventViaApi(runtime.url, {
      title: 'Zrušená akce',
      startsAt,
      endsAt,
      capacity: 10,
    });
    await cancelEventViaApi(runtime.url, cancelled.id);
    await measureRegistration('event cancelled (refused)', cancelled.id, 'd');

    sections.push(
      '### Registration (POST /api/events/{id}/registrations, site function)',
      '',
      'Target: one transactional write and one queue send. The first registration a ' +
        'container sends to a full event is refused a seat and then joins the waiting list; ' +
        'the container remembers the event is full, so later ones join the list at once. The ' +
        'registration limits are on (RATE_LIMITS=on): the per-client and per-email counters are ' +
        'updated inside that same TransactWriteItems.',
      '',
      table(
        ['Case', 'Answer', 'Calls', 'Calls of the email it queues (mailer)'],
        measured.map((m) => [
          m.label,
          m.answer,
          `${m.http.length}: ${describeCalls(m.http)}`,
          m.mailer.length ? `${m.mailer.length}: ${describeCalls(m.mailer)}` : '–',
        ]),
      ),
      '',
      'The queue poller (Lambda’s event source mapping, not function code) adds one ' +
        'DeleteMessageBatch per batch of up to 10 messages and long-polls with ReceiveMessage.',
      '',
    );

    // --- Cancellation and promotion with a long waiting list --------------------------------
    // An event of 10 seats, all taken, and W people waiting, seeded straight into the table in
    // the shapes a registration writes (registration, email claim, place in line). A seated
    // person cancels through the admin API (the cancellation promotes the head of the line);
    // then a cancellation "crashes" before promoting and the waitlist job fills the seat.
    const waitRows: (string | number)[][] = [];
    const seats = 10;
    for (const waiting of [10, 10_000]) {
      const created = await createEventViaApi(runtime.url, {
        title: `Čekací listina ${waiting}`,
        startsAt,
        endsAt,
        capacity: seats,
        waitlistCapacity: waiting,
      });
      const seatedFrom = Date.now() - dayMs;
      const people: Registration[] = Array.from({ length: seats + waiting }, (_, i) => ({
        id: newId(seatedFrom + i),
        eventId: created.id,
        name: `Účastník ${i}`,
        email: `fronta.${waiting}.${i}@example.cz`,
        role: 'citizen',
        status: i < seats ? 'confirmed' : 'waitlisted',
        source: 'registration',
        createdAt: new Date(seatedFrom + i).toISOString(),
        ...(i < seats ? { confirmedAt: new Date(seatedFrom + i).toISOString() } : {}),
      }));
      await writeItems(
        stack.clients.dynamo,
        stack.tableName,
        people.flatMap((r) => [
          { ...keys.registration(r.eventId, r.id), ...r },
          { ...keys.emailClaim(r.eventId, addressHash(r.email as string)), registrationId: r.id },
          ...(r.status === 'waitlisted'
            ? [
                {
                  ...keys.waitlistEntry(r.eventId, r.createdAt, r.id),
                  registrationId: r.id,
                  registeredAt: r.createdAt,
                },
              ]
            : []),
        ]),
      );
      await stack.clients.dynamo.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: keys.event(created.id),
          UpdateExpression: 'SET confirmedCount = :seats, waitlistedCount = :waiting',
          ExpressionAttributeValues: { ':seats': seats, ':waiting': waiting },
        }),
      );

      let mark = counter.records.length;
      const response = await fetch(
        `${runtime.url}/api/admin/events/${created.id}/registrations/${people[0]?.id}/cancel`,
        { method: 'POST', headers: { authorization: `Bearer ${benchAdminToken}` } },
      );
      if (response.status !== 200) throw new Error(`Cancelling answered ${response.status}`);
      const cancelCalls = byOwner(counter.since(mark), 'http');
      const promotedFirst = await benchEvents.getRegistration(created.id, people[seats]?.id ?? '');
      waitRows.push([
        waiting,
        'cancellation through the admin API, promoting at once',
        promotedFirst?.status === 'confirmed' ? '1 (the longest-waiting)' : 'WRONG PERSON',
        cancelCalls.length,
        describeCalls(cancelCalls),
      ]);

      const crashed = await benchEvents.getRegistration(created.id, people[1]?.id ?? '');
      await benchEvents.cancelRegistration(crashed as Registration, new Date().toISOString());
      mark = counter.records.length;
      const summary = (await runtime.runJob('waitlist', new Date())) as {
        eventsChecked: number;
        promoted: number;
      };
      const jobCalls = byOwner(counter.since(mark), 'waitlist');
      const promotedNext = await benchEvents.getRegistration(
        created.id,
        people[seats + 1]?.id ?? '',
      );
      waitRows.push([
        waiting,
        `waitlist job after a cancellation that promoted nobody (${summary.eventsChecked} events read)`,
        promotedNext?.status === 'confirmed' && summary.promoted === 1
          ? '1 (the longest-waiting)'
          : 'WRONG PERSON',
        jobCalls.length,
        describeCalls(jobCalls),
      ]);
    }
    sections.push(
      '### Cancellation and promotion with W people waiting',
      '',
      'Target: the same number of calls at 10 and at 10,000 waiting: the next person comes from ' +
        'the first item of the line (places keyed by registration time), never from a list of ' +
        'the registrations.',
      '',
      table(['W waiting', 'Operation', 'Promoted', 'Calls', 'By operation'], waitRows),
      '',
      'A promotion is 1 Query (Limit 1, the head of the line) + 1 TransactWriteItems (person, ' +
        'place in line, counters, outbox entry) + 1 SendMessageBatch of its email; the run ends ' +
        'with one more Query and a refused TransactWriteItems (no seat left). The cancellation ' +
        'adds its GetItem, its TransactWriteItems and its email. The job also reads the ' +
        'start-time index once (all events of the other sections).',
      '',
    );

    // --- Reminder sweeps -------------------------------------------------------------------
    // Each scenario's events start two days after the previous one's, so a sweep at a
    // scenario's moment finds exactly that scenario's week-ahead reminders due.
    const scenarios = [
      { events: 0, registrants: 0 },
      { events: 1, registrants: 10 },
      { events: 1, registrants: 100 },
      { events: 10, registrants: 10 },
    ];
    const firstStart = Math.ceil((Date.now() + 10 * dayMs) / hourMs) * hourMs;
    const sweepRows: (string | number)[][] = [];
    for (const [index, scenario] of scenarios.entries()) {
      const start = firstStart + index * 2 * dayMs;
      const seeded: Item[] = [];
      for (let e = 0; e < scenario.events; e++) {
        const created = await createEventViaApi(runtime.url, {
          title: `Připomínka ${index}.${e}`,
          startsAt: new Date(start + e * 60_000).toISOString(),
          endsAt: new Date(start + e * 60_000 + 2 * hourMs).toISOString(),
          capacity: 500,
        });
        const template = benchEvent(e, {
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 2 * hourMs).toISOString(),
          createdAt: new Date().toISOString(),
        });
        const { items } = registrationsOf(
          { ...template, id: created.id },
          e,
          scenario.registrants,
          {
            confirmedAt: new Date().toISOString(),
            attended: false,
          },
        );
        // Only confirmed registrants get reminders; the seed's mix stays as it is.
        seeded.push(...items);
      }
      await writeItems(stack.clients.dynamo, stack.tableName, seeded);
      // A minute after the week-ahead reminder of the scenario's last event fell due.
      const at = new Date(
        scenario.events === 0 ? Date.now() : start + scenario.events * 60_000 - 168 * hourMs,
      );
      const mark = counter.records.length;
      const summary = (await runtime.runJob('reminders', at)) as {
        dueReminders: number;
        remindersQueued: number;
      };
      const calls = byOwner(counter.since(mark), 'reminders');
      sweepRows.push([
        summary.dueReminders,
        scenario.registrants,
        summary.remindersQueued,
        calls.length,
        describeCalls(calls),
      ]);
    }
    sections.push(
      '### Reminder sweep (reminders job)',
      '',
      'One sweep with R due reminder items (one per event and offset), each for an event with K ' +
        'registrations; only the confirmed ones are reminded (of 100, 92: the rest wait or ' +
        'cancelled).',
      '',
      table(['R due', 'K per event', 'Reminders queued', 'Calls', 'By operation'], sweepRows),
      '',
      'Calls = 1 Query of the due-time index + per due item (1 GetItem event + 1 Query ' +
        'registrations + ⌈reminded/10⌉ SendMessageBatch + 1 UpdateItem).',
      '',
    );

    // --- Nightly aggregation ---------------------------------------------------------------
    // 100 held events of 10 registrations: 90 settled long ago, 10 ended within the 45 days
    // in which a rollup is still recounted every night.
    const night = new Date(Math.floor(Date.now() / dayMs) * dayMs + hourMs);
    const aggregationItems: Item[] = [];
    for (let i = 0; i < 100; i++) {
      const endedDaysAgo = i < 10 ? 2 + i * 4 : 60 + i * 2;
      const starts = night.getTime() - endedDaysAgo * dayMs - 3 * hourMs;
      const held = benchEvent(i, {
        startsAt: new Date(starts).toISOString(),
        endsAt: new Date(starts + 3 * hourMs).toISOString(),
        createdAt: new Date(starts - 30 * dayMs).toISOString(),
      });
      const { items, confirmed, waitlisted } = registrationsOf(held, i, 10);
      aggregationItems.push(
        eventItem({ ...held, confirmedCount: confirmed, waitlistedCount: waitlisted }),
        ...items,
      );
    }
    await writeItems(stack.clients.dynamo, stack.tableName, aggregationItems);
    const aggregationRows: (string | number)[][] = [];
    for (const [label, at] of [
      ['first run (no rollups yet)', night],
      ['next night (steady state)', new Date(night.getTime() + dayMs)],
    ] as const) {
      const mark = counter.records.length;
      const summary = (await runtime.runJob('indicators', at)) as {
        eventsRead: number;
        rollupsRecomputed: number;
      };
      const calls = byOwner(counter.since(mark), 'indicators');
      aggregationRows.push([
        label,
        summary.eventsRead,
        summary.rollupsRecomputed,
        calls.reduce((sum, r) => sum + r.itemsRead, 0),
        calls.length,
        describeCalls(calls),
      ]);
    }
    sections.push(
      '### Nightly aggregation (indicators job)',
      '',
      'The events of the other sections plus 100 held events with 10 registrations each; 10 ' +
        'of them ended within the last 45 days, so their rollups are recounted every night.',
      '',
      table(
        ['Run', 'Events read', 'Rollups recounted', 'Items read', 'Calls', 'By operation'],
        aggregationRows,
      ),
      '',
      'PutObject: CSV and JSON, dated and latest, per year; the SendMessageBatch queues the ' +
        'export email to each recipient. Scaling with the number of registrations: see the ' +
        'aggregation section.',
      '',
    );

    // --- Mail outbox sweep -----------------------------------------------------------------
    // The registrations and the event cancellation above left their outbox entries; their
    // emails went out, so a sweep past the grace period only confirms that and clears them.
    const outboxRows: (string | number)[][] = [];
    for (const [label, at] of [
      ['within the grace period', new Date()],
      ['past the grace period', new Date(Date.now() + 16 * 60_000)],
      ['again (nothing left)', new Date(Date.now() + 16 * 60_000)],
    ] as const) {
      const mark = counter.records.length;
      const summary = (await runtime.runJob('mailOutbox', at)) as {
        entriesDue: number;
        notices: number;
        alreadySent: number;
        requeued: number;
      };
      const calls = byOwner(counter.since(mark), 'mail-outbox');
      outboxRows.push([
        label,
        summary.entriesDue,
        summary.notices,
        summary.alreadySent,
        summary.requeued,
        calls.length,
        describeCalls(calls),
      ]);
    }
    sections.push(
      '### Mail outbox sweep (mailOutbox job, every 5 minutes)',
      '',
      'After the registrations and the event cancellation of the first table, whose emails were ' +
        'all sent; the normal case. A failed queue send would show as requeued.',
      '',
      table(
        ['Sweep', 'Entries due', 'Notices', 'Already sent', 'Requeued', 'Calls', 'By operation'],
        outboxRows,
      ),
      '',
      'Calls = 1 Query of the due-time index per 100 entries + 1 BatchGetItem per 100 emails ' +
        '+ 1 BatchWriteItem per 25 entries cleared; a notice adds a GetItem of its event and ' +
        'a Query of its registrations.',
    );
    return sections.join('\n');
  } finally {
    counter.stop();
    await stack.stop();
    // After the stop: the mailer may finish a batch meanwhile.
    logs.restore();
  }
}
