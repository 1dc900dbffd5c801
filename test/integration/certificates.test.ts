import { randomBytes } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../infra/local/demo-data';
import type { Runtime } from '../../infra/local/runtime';
import { loadFunction } from '../../infra/local/runtime';
import { createCertificateRepository } from '../../shared/adapters/certificate-repository';
import {
  certificatesDueAt,
  certificateVerificationUrl,
  parseCertificateNumber,
} from '../../shared/domain/certificate';
import type { ScheduledJobEvent } from '../../shared/resources';
import type { CertificateSweepSummary } from '../../shared/use-cases/certificates';
import { createEvent } from '../../shared/use-cases/manage-events';
import type { IssueContent } from '../../shared/use-cases/ports';
import { register } from '../../shared/use-cases/register';
import { organiserSessionValue } from '../../shared/web/auth';
import type { AppDeps } from '../../shared/web/deps';
import { adminHeaders, appUnderTest } from '../support/app-under-test';
import { inDays, queueDepth } from '../support/fixtures';
import { decodeQr, pdfGreyImages, pdfPagesText } from '../support/pdf';
import {
  createTestEnvironment,
  type SentEmail,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  testAdminToken,
  waitFor,
} from '../support/test-stack';

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let runtime: Runtime;
let job: (event: ScheduledJobEvent) => Promise<CertificateSweepSummary>;
const adminCookie = `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}`;
const tag = randomBytes(3).toString('hex');
const address = (who: string) => `${who}-${tag}@example.cz`;

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const isCertificate = (email: SentEmail) => email.subject.startsWith('Osvědčení o absolvování');
const pdfOf = (email: SentEmail) => {
  const files = email.attachments.filter((a) => a.contentType.startsWith('application/pdf'));
  expect(files).toHaveLength(1);
  return Buffer.from(files[0]?.content ?? '', 'base64');
};

async function certificateEmails(who: string): Promise<SentEmail[]> {
  return (await sentEmails(env, address(who))).filter(isCertificate);
}

/** Waits until the certificates and mail queues are empty: every message handled. */
async function settled() {
  await waitFor(
    async () =>
      (await queueDepth(env.clients.sqs, env.queueUrls.certificates)) === 0 &&
      (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0,
    { what: 'the queues to drain', timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env));
  job = (await loadFunction<{ handler: typeof job }>('certificates')).handler;
  runtime = await startTestRuntime(env);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('certificates from the daily job to the mailbox', () => {
  let eventId: string;
  let dueAt: string;
  const ids: Record<string, string> = {};

  it('mails one certificate, a PDF, to each attendee and walk-in, none to no-shows or the cancelled', async () => {
    const event = await createEvent(deps, {
      title: 'Kybernetická bezpečnost v praxi obecního úřadu',
      startsAt: inDays(3),
      endsAt: inDays(3, 6),
      venue: 'Krajský úřad Libereckého kraje, Liberec',
      capacity: 10,
      modernTechFocus: true,
    });
    eventId = event.id;
    dueAt = certificatesDueAt(event);
    const people = {
      anna: 'Anna Šťastná',
      rehor: 'Řehoř Ďoubalík',
      cenek: 'Čeněk Ňůťa',
      dana: 'Dana Žižková',
    };
    for (const [who, name] of Object.entries(people)) {
      await register(deps, event.id, { name, email: address(who), role: 'citizen', consent: true });
    }
    for (const r of await deps.events.listRegistrations(event.id)) {
      const who = Object.entries(people).find(([, name]) => name === r.name)?.[0] as string;
      ids[who] = r.id;
    }
    const cancel = await app.request(
      `/api/admin/events/${event.id}/registrations/${ids.dana}/cancel`,
      {
        method: 'POST',
        headers: adminHeaders,
      },
    );
    expect(cancel.status).toBeLessThan(300);
    const attendance = await app.request(`/api/admin/events/${event.id}/attendance`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ registrationIds: [ids.anna, ids.rehor] }),
    });
    expect(attendance.status).toBe(200);
    const walkIn = await app.request(`/api/admin/events/${event.id}/walk-ins`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({
        name: 'Ludmila Šafránková',
        email: address('ludmila'),
        role: 'clerk',
        organisation: { name: 'Obec Kryštofovo Údolí' },
      }),
    });
    expect(walkIn.status).toBe(201);

    // Before the morning after the event: nothing.
    const early = await job({ time: new Date(Date.parse(dueAt) - 60_000).toISOString() });
    expect(early.queued).toBe(0);

    const summary = await job({ time: dueAt });
    expect(summary).toMatchObject({ queued: 3, alreadyIssued: 0 });
    for (const who of ['anna', 'rehor', 'ludmila']) {
      await waitFor(async () => (await certificateEmails(who)).length === 1, {
        what: `the certificate of ${who}`,
      });
    }
    await settled();
    expect(await certificateEmails('cenek')).toEqual([]);
    expect(await certificateEmails('dana')).toEqual([]);

    const [email] = await certificateEmails('rehor');
    const pdf = pdfOf(email as SentEmail);
    const text = flat((await pdfPagesText(pdf)).join(' '));
    expect(text).toContain('Řehoř Ďoubalík');
    expect(text).toContain('Kybernetická bezpečnost v praxi obecního úřadu');
    expect(text).toContain('Místo konání: Krajský úřad Libereckého kraje, Liberec');
    const number = /Číslo osvědčení: (\S+)/.exec(text)?.[1] as string;
    expect(parseCertificateNumber(number)).toBeDefined();
    const url = certificateVerificationUrl(
      { publicBaseUrl: env.config.PUBLIC_BASE_URL, certificateSecret: env.config.hashingSecret },
      number,
    );
    expect(text).toContain(url);
    expect(email?.body.text).toContain(url);
    expect(decodeQr((await pdfGreyImages(pdf))[0] as never)).toBe(url);

    // The QR code's link verifies the certificate.
    const verified = await app.request(new URL(url).pathname);
    expect(verified.status).toBe(200);
    const page = await verified.text();
    expect(page).toContain('Osvědčení je platné.');
    expect(page).toContain('Řehoř Ďoubalík');
  });

  it('sends nothing twice on a re-run or a redelivered message', async () => {
    const again = await job({ time: dueAt });
    expect(again).toMatchObject({ queued: 0, alreadyIssued: 3 });
    await env.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: env.queueUrls.certificates,
        MessageBody: JSON.stringify({ kind: 'issue', eventId, registrationId: ids.anna }),
      }),
    );
    await settled();
    for (const who of ['anna', 'rehor', 'ludmila']) {
      expect(await certificateEmails(who), who).toHaveLength(1);
    }
    const register = await deps.certificates?.register.listForEvent(eventId);
    expect(register?.map((c) => c.status)).toEqual(['valid', 'valid', 'valid']);
  });

  it('gives an attendee marked present later theirs on the next run', async () => {
    await app.request(`/api/admin/events/${eventId}/attendance`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ registrationIds: [ids.cenek] }),
    });
    const next = await job({ time: new Date(Date.parse(dueAt) + 86_400_000).toISOString() });
    expect(next).toMatchObject({ queued: 1, alreadyIssued: 3 });
    await waitFor(async () => (await certificateEmails('cenek')).length === 1, {
      what: 'the late certificate',
    });
    const numbers = (await deps.certificates?.register.listForEvent(eventId))?.map(
      (c) => parseCertificateNumber(c.number)?.sequence,
    );
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('lets the organiser see, reissue and revoke, and the public page follows', async () => {
    const eventPage = await app.request(`/admin/akce/${eventId}/osvedceni`, {
      headers: { cookie: adminCookie },
    });
    expect(eventPage.status).toBe(200);
    const html = await eventPage.text();
    for (const name of ['Anna Šťastná', 'Řehoř Ďoubalík', 'Ludmila Šafránková', 'Čeněk Ňůťa']) {
      expect(html).toContain(name);
    }
    const year = parseCertificateNumber(
      (await deps.certificates?.register.listForEvent(eventId))?.[0]?.number ?? '',
    )?.year;
    const yearPage = await (
      await app.request(`/admin/osvedceni?rok=${year}`, { headers: { cookie: adminCookie } })
    ).text();
    expect(yearPage).toContain('Ludmila Šafránková');
    expect((await app.request(`/admin/akce/${eventId}/osvedceni`)).status).not.toBe(200);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const post = (path: string, form: Record<string, string>) =>
      app.request(path, {
        method: 'POST',
        headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
    const all = (await deps.certificates?.register.listForEvent(eventId)) ?? [];
    const anna = all.find((c) => c.name === 'Anna Šťastná');
    const cenek = all.find((c) => c.name === 'Čeněk Ňůťa');
    if (!anna || !cenek) throw new Error('certificates missing');

    const reissued = await post(`/admin/akce/${eventId}/osvedceni/${anna.number}/oprava`, {
      name: 'Anna Šťastná Dvořáková',
    });
    expect(reissued.status).toBe(303);
    await waitFor(async () => (await certificateEmails('anna')).length === 2, {
      what: 'the corrected certificate',
    });
    const corrected = (await certificateEmails('anna')).find((e) => e.body.text?.includes('LK-'));
    expect(corrected).toBeDefined();
    const after = (await deps.certificates?.register.listForEvent(eventId)) ?? [];
    const old = after.find((c) => c.number === anna.number);
    const replacement = after.find((c) => c.replaces === anna.number);
    expect(old).toMatchObject({ status: 'replaced', replacedBy: replacement?.number });
    expect(replacement).toMatchObject({ status: 'valid', name: 'Anna Šťastná Dvořáková' });
    expect(parseCertificateNumber(replacement?.number ?? '')?.sequence).toBe(5);

    expect((await post(`/admin/akce/${eventId}/osvedceni/${cenek.number}/zrusit`, {})).status).toBe(
      303,
    );
    const links = { publicBaseUrl: 'http://x', certificateSecret: env.config.hashingSecret };
    const pathOf = (n: string) => new URL(certificateVerificationUrl(links, n)).pathname;
    expect(await (await app.request(pathOf(anna.number))).text()).toContain('nahrazeno');
    expect(await (await app.request(pathOf(cenek.number))).text()).toContain('zrušeno');

    // Print: the renderer writes one PDF of the valid certificates, a page each.
    expect((await post(`/admin/akce/${eventId}/osvedceni/tisk`, {})).status).toBe(303);
    const printed = await waitFor(
      async () => {
        const response = await app.request(`/admin/akce/${eventId}/osvedceni/tisk.pdf`, {
          headers: { cookie: adminCookie },
        });
        return response.status === 200 && Buffer.from(await response.arrayBuffer());
      },
      { what: 'the print file' },
    );
    const pages = (await pdfPagesText(printed)).map(flat);
    expect(pages).toHaveLength(3);
    expect(pages.join(' ')).toContain('Anna Šťastná Dvořáková');
    expect(pages.join(' ')).not.toContain('Čeněk Ňůťa');
  });

  it('answers any other number or signature with a Czech 404 that says nothing more', async () => {
    const numbers = (await deps.certificates?.register.listForEvent(eventId)) ?? [];
    const real = numbers[0]?.number as string;
    const links = { publicBaseUrl: 'http://x', certificateSecret: env.config.hashingSecret };
    const other = new URL(certificateVerificationUrl(links, 'LK-2099-000001')).pathname;
    const realSignature = new URL(certificateVerificationUrl(links, real)).pathname.split('/')[3];
    for (const path of [
      `/osvedceni/${real}/${'A'.repeat(22)}`,
      `/osvedceni/LK-2026-000002/${realSignature}`,
      other,
      '/osvedceni/nic/nic',
      '/osvedceni',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      const body = await response.text();
      expect(body, path).toContain('nenalezen');
      expect(body, path).not.toContain('Šťastná');
    }
    // Guessed numbers with made-up signatures, and garbage: always the same 404.
    const guess = fc.tuple(
      fc.oneof(
        fc.integer({ min: 1, max: 999_999 }).map((n) => `LK-2026-${String(n).padStart(6, '0')}`),
        fc.string({ maxLength: 40 }),
      ),
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.string({ maxLength: 60 })),
    );
    await fc.assert(
      fc.asyncProperty(guess, async ([number, signature]) => {
        const path = `/osvedceni/${encodeURIComponent(number)}/${encodeURIComponent(signature)}`;
        const response = await app.request(path);
        expect(response.status, path).toBe(404);
        expect(await response.text(), path).not.toContain('Osvědčení je platné');
      }),
      { numRuns: 200 },
    );
  });
});

describe('demo data', () => {
  it('has a recently held training whose six attendees get certificates from the job', async () => {
    await loadDemoData(env.environment, new Date());
    const recent = (await deps.events.listEventsByStart({ to: new Date().toISOString() })).find(
      (e) => e.title === 'Bezpečná hesla a dvoufázové ověření v praxi úřadu',
    );
    if (!recent) throw new Error('the demo data has no recently held training');
    const summary = await job({ time: new Date().toISOString() });
    expect(summary.queued).toBeGreaterThanOrEqual(6);
    await settled();
    const issued = (await deps.certificates?.register.listForEvent(recent.id)) ?? [];
    expect(issued).toHaveLength(6);
  });
});

describe('certificate numbers under concurrency', () => {
  it('are unique and gap-free per year, also when the same registration is issued twice at once', async () => {
    const repository = createCertificateRepository(env.clients.dynamo, env.config.TABLE_NAME, {
      numberPrefix: 'TST',
      retentionYears: 10,
    });
    const content = (i: number): IssueContent => ({
      eventId: `concurrency${tag}`,
      registrationId: `reg${i}`,
      name: `Účastník ${i}`,
      eventTitle: 'Souběh',
      startsAt: '2030-03-01T08:00:00.000Z',
      endsAt: '2030-03-01T12:00:00.000Z',
      hours: 4,
      place: 'online',
      organiser: {
        body: 'Liberecký kraj',
        ico: '70891508',
        signatoryName: 'A',
        signatoryRole: 'B',
      },
      issuedAt: '2031-01-02T10:00:00.000Z',
    });
    // 20 registrations, each requested twice at the same moment (a redelivery racing the first).
    const requests = Array.from({ length: 40 }, (_, i) => repository.issue(content(i % 20)));
    const results = await Promise.all(requests);
    const byRegistration = new Map<string, Set<string>>();
    for (const result of results) {
      const set = byRegistration.get(result.certificate.registrationId) ?? new Set();
      set.add(result.certificate.number);
      byRegistration.set(result.certificate.registrationId, set);
    }
    expect([...byRegistration.values()].every((numbers) => numbers.size === 1)).toBe(true);
    const stored = await repository.listForYear(2031);
    const sequences = stored.map((c) => c.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(stored.map((c) => c.registrationId)).size).toBe(20);
    expect(results.filter((r) => r.outcome === 'issued')).toHaveLength(20);
  });
});
