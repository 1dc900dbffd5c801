import { toExcelCsv } from '../domain/csv';
import type { TrainingEvent } from '../domain/event';
import { formatPragueCsvDateTime } from '../domain/prague-time';
import { type Registration, registrationStatusLabels, roleLabels } from '../domain/registration';

/** The organiser's list of one event as a CSV that Czech Excel opens as it is. */
export function registrationsCsv(event: TrainingEvent, registrations: Registration[]): string {
  return toExcelCsv(
    [
      'Akce',
      'Jméno a příjmení',
      'E-mail',
      'Role',
      'Organizace',
      'IČO',
      'Stav',
      'Přítomnost',
      'Registrováno',
    ],
    registrations.map((r) => [
      event.title,
      r.name ?? '(smazáno po uplynutí doby uchování)',
      r.email ?? '',
      roleLabels[r.role],
      r.organisationName ?? '',
      r.ico ?? '',
      registrationStatusLabels[r.status],
      Boolean(r.attendedAt),
      formatPragueCsvDateTime(r.createdAt),
    ]),
  );
}
