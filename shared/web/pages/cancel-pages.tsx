import { eventPhase, type TrainingEvent } from '../../domain/event';
import type { Registration } from '../../domain/registration';
import type { VerifyResult } from '../../domain/signed-link';
import { paths } from '../paths';
import { MessagePage } from './error-pages';
import { EventFacts, formatLabel } from './event-view';
import { Layout } from './layout';
import { nbsp } from './typography';

/**
 * Pages behind the cancel link in the confirmation email. The GET only shows a button: mail
 * scanners and link previews open links, and opening one must never cancel anything.
 */

export type CancelBlock = 'already-cancelled' | 'event-cancelled' | 'event-held';

/** Why this registration cannot be cancelled now, or undefined when it can. */
export function cancelBlock(
  event: TrainingEvent,
  registration: Registration,
  nowMs: number,
): CancelBlock | undefined {
  if (registration.status === 'cancelled') return 'already-cancelled';
  const phase = eventPhase(event, nowMs);
  if (phase === 'cancelled') return 'event-cancelled';
  if (phase === 'held') return 'event-held';
  return undefined;
}

const blockMessages: Record<CancelBlock, { title: string; message: string }> = {
  'already-cancelled': {
    title: 'Registrace už byla zrušena',
    message: 'Tato registrace už byla zrušena dříve. Není potřeba nic dalšího dělat.',
  },
  'event-cancelled': {
    title: 'Akce byla zrušena',
    message:
      'Tuto akci zrušil organizátor, registraci proto není potřeba rušit. Podrobnosti jsme vám poslali e-mailem.',
  },
  'event-held': {
    title: 'Akce už proběhla',
    message: 'Tato akce už proběhla, registraci proto nelze zrušit.',
  },
};

function EventSummary(props: { event: TrainingEvent }) {
  return (
    <>
      <h2>{props.event.title}</h2>
      <p class="muted">{formatLabel(props.event)}</p>
      <EventFacts event={props.event} />
    </>
  );
}

export function CancelConfirmPage(props: {
  event: TrainingEvent;
  registration: Registration;
  token: string;
  nowMs: number;
}) {
  const block = cancelBlock(props.event, props.registration, props.nowMs);
  if (block) return <CancelBlockedPage event={props.event} block={block} />;
  const waitlisted = props.registration.status === 'waitlisted';
  return (
    <Layout title="Zrušení registrace" narrow={true}>
      <h1>Chcete zrušit registraci?</h1>
      <p>
        {waitlisted
          ? nbsp('Jste na čekací listině této akce. Zrušením se z ní vyřadíte.')
          : nbsp('Máte potvrzené místo na této akci. Zrušením ho uvolníte pro někoho dalšího.')}
      </p>
      <EventSummary event={props.event} />
      <form method="post" action={paths.cancel.fill({ token: props.token })} class="actions">
        <button type="submit" class="button-danger">
          Ano, zrušit registraci
        </button>
        <a href={paths.event.fill({ id: props.event.id })}>Ne, registraci si ponechám</a>
      </form>
    </Layout>
  );
}

export function CancelBlockedPage(props: { event: TrainingEvent; block: CancelBlock }) {
  const { title, message } = blockMessages[props.block];
  return (
    <MessagePage title={title} message={message}>
      <EventSummary event={props.event} />
    </MessagePage>
  );
}

export function CancelDonePage(props: { event: TrainingEvent }) {
  return (
    <MessagePage
      title="Registrace zrušena"
      message="Vaši registraci jsme zrušili a poslali vám o tom potvrzení e-mailem. Pokud se budete chtít akce přece jen zúčastnit, můžete se znovu zaregistrovat, dokud je registrace otevřená."
    >
      <EventSummary event={props.event} />
    </MessagePage>
  );
}

const invalidLinkMessages: Record<Exclude<VerifyResult, { ok: true }>['reason'], string> = {
  malformed:
    'Odkaz je neúplný nebo poškozený. Zkopírujte ho prosím z e-mailu celý, nebo na něj v e-mailu klikněte.',
  'bad-signature':
    'Odkaz není platný. Zkopírujte ho prosím z e-mailu celý, nebo na něj v e-mailu klikněte.',
  'wrong-purpose': 'Tento odkaz neslouží ke zrušení registrace.',
  expired: 'Platnost odkazu vypršela. Registraci lze zrušit jen do konce akce; akce už skončila.',
};

export function InvalidCancelLinkPage(props: { reason: keyof typeof invalidLinkMessages }) {
  return (
    <MessagePage title="Odkaz není platný" message={invalidLinkMessages[props.reason]}>
      <p>
        Pokud potřebujete registraci zrušit a&nbsp;odkaz nefunguje, odpovězte prosím na potvrzovací
        e-mail a&nbsp;registraci zrušíme za vás.
      </p>
    </MessagePage>
  );
}

export function RegistrationNotFoundPage() {
  return (
    <MessagePage
      title="Registrace nenalezena"
      message="Registraci z tohoto odkazu jsme nenašli. Možná už byla smazána po uplynutí doby uchování údajů."
    />
  );
}
