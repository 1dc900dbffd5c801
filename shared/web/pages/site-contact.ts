import type { OrganiserContact } from '../../domain/vocabulary';

/**
 * The organisers' contacts for the footer of every page. Set once per container when the app is
 * built, like the configuration it comes from, so that the dozens of page components need not
 * pass it down to the layout.
 */
let siteContact: OrganiserContact | undefined;

export function setSiteContact(contact: OrganiserContact | undefined): void {
  siteContact = contact;
}

export function currentSiteContact(): OrganiserContact | undefined {
  return siteContact;
}
