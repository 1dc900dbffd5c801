/**
 * The paths people are sent to, each written once: the hono routes match these patterns and
 * the link builders (links.ts, the pages) fill them, so a link cannot drift from its route.
 */

/** The names of a pattern's parameters: '/akce/:id/prezence' → 'id'. */
type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

/** What a pattern reads as in a route group mounted at `Prefix`; typed so hono types its params. */
type Below<
  Pattern extends string,
  Prefix extends string,
> = Pattern extends `${Prefix}/${infer Rest}` ? `/${Rest}` : never;

export interface RoutePath<Pattern extends string> {
  /** The hono pattern on the site's root, e.g. '/zruseni/:token'. */
  pattern: Pattern;
  /** The pattern of a route group mounted at `prefix` ('/admin' → '/prezence/:token'). */
  under<Prefix extends string>(prefix: Prefix): Below<Pattern, Prefix>;
  /** The path with its parameters filled in, each percent-encoded. */
  fill(params: Record<ParamNames<Pattern>, string>): string;
}

function routePath<Pattern extends string>(pattern: Pattern): RoutePath<Pattern> {
  return {
    pattern,
    under<Prefix extends string>(prefix: Prefix) {
      // A wrong mount prefix would silently register a route nobody links to: fail at start.
      if (!pattern.startsWith(`${prefix}/`)) throw new Error(`${pattern} is not under ${prefix}`);
      return pattern.slice(prefix.length) as Below<Pattern, Prefix>;
    },
    fill(params) {
      return pattern.replace(/:(\w+)/g, (_, name: string) =>
        encodeURIComponent((params as Record<string, string>)[name] ?? ''),
      );
    },
  };
}

export const paths = {
  /** The public event page with its registration form. */
  event: routePath('/akce/:id'),
  /** The cancel link of a registration (signed token). */
  cancel: routePath('/zruseni/:token'),
  /** The survey link of an invitation (signed token). */
  survey: routePath('/dotaznik/:token'),
  /** The check-in QR code of a registration (signed token); for a signed-in organiser. */
  checkIn: routePath('/admin/prezence/:token'),
  /** The organiser's check-in list of one event. */
  attendance: routePath('/admin/akce/:id/prezence'),
  /** The printable sign-in sheet of one event. */
  signInSheet: routePath('/admin/akce/:id/prezencni-listina'),
  /** The organiser's data-subject requests: export or erase one address. */
  people: routePath('/admin/osobni-udaje'),
} as const;

export const organiserLoginPath = '/admin/prihlaseni';
/** Cognito mode: where the hosted UI sends the browser back (a callback URL of the app client). */
export const cognitoCallbackPath = `${organiserLoginPath}/cognito`;
