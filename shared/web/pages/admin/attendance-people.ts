import type { Registration } from '../../../domain/registration';
import { compareCzech } from '../../../domain/vocabulary';
import { paths } from '../../paths';

/** Case- and diacritics-insensitive search: "novakova" finds "Nováková". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function byName(a: Registration, b: Registration): number {
  return compareCzech(a.name ?? '', b.name ?? '');
}

export const displayName = (r: Registration) => r.name ?? '(údaje smazány)';

export function searchText(r: Registration): string {
  return foldForSearch([r.name, r.email, r.organisationName, r.ico].filter(Boolean).join(' '));
}

export const attendancePath = (eventId: string) => paths.attendance.fill({ id: eventId });
