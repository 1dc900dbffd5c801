import { createHash } from 'node:crypto';

/**
 * The one stylesheet of every page. It lives in code rather than in a static folder because the
 * Lambda bundle carries no files besides the bundle itself.
 *
 * Colours are checked for WCAG 2.1 AA against their backgrounds: body text #1b1f24 on white
 * (16:1), links and buttons #0b5cab (6.7:1), muted text #4a5560 (7.5:1), errors #a4001d (8:1).
 */
export const siteCss = `
:root {
  --text: #1b1f24;
  --muted: #4a5560;
  --bg: #ffffff;
  --surface: #f4f6f8;
  --border: #b9c2cc;
  --primary: #0b5cab;
  --primary-dark: #08447f;
  --error: #a4001d;
  --error-bg: #fdecee;
  --success: #17602f;
  --success-bg: #e7f4eb;
  --warning-bg: #fff4d6;
  --focus: #ffbf47;
  --radius: 6px;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.6;
  color: var(--text);
  background: var(--bg);
}
a { color: var(--primary); text-underline-offset: 0.15em; }
a:hover { color: var(--primary-dark); text-decoration-thickness: 2px; }
:focus-visible {
  outline: 3px solid var(--text);
  outline-offset: 2px;
  box-shadow: 0 0 0 6px var(--focus);
}
a:focus-visible { background: var(--focus); color: var(--text); box-shadow: none; outline-offset: 0; }
main:focus { outline: none; }
h1, h2, h3 { line-height: 1.25; margin: 1.5rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0.5rem; }
h2 { font-size: 1.45rem; }
h3 { font-size: 1.15rem; }
p, ul, ol, dl { margin: 0 0 1rem; }

.skip-link {
  position: absolute; left: 0.5rem; top: -4rem; z-index: 10;
  padding: 0.5rem 1rem; background: var(--focus); color: var(--text); font-weight: 600;
}
.skip-link:focus { top: 0.5rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.site-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
  padding: 0.9rem max(1rem, calc((100% - 72rem) / 2));
  background: var(--primary-dark); color: #fff;
}
.site-header a { color: #fff; }
.site-header a:focus-visible { color: var(--text); }
.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
.tagline { font-size: 0.95rem; }
.admin-nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1rem; margin-left: auto; }
.admin-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; }
.admin-nav form { margin: 0; }
.admin-nav .link-button { color: #fff; }

main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.narrow { max-width: 44rem; }
.site-footer {
  border-top: 1px solid var(--border); background: var(--surface);
  padding: 1.25rem max(1rem, calc((100% - 72rem) / 2)); font-size: 0.95rem;
}
.site-footer ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; list-style: none; margin: 0; padding: 0; }
.site-contact { font-style: normal; margin: 0 0 0.75rem; }

.lead { font-size: 1.2rem; color: var(--muted); }
.muted { color: var(--muted); }
.breadcrumbs { font-size: 0.95rem; margin-bottom: 0.5rem; }

.event-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.event-card {
  border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem 1.25rem;
  background: var(--bg);
}
.event-card h2 { margin: 0.25rem 0 0.5rem; font-size: 1.3rem; }
.event-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 0.75rem; }
.event-facts dt { font-weight: 600; }
.event-facts dd { margin: 0; }
.tags { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0 0 0.5rem; padding: 0; }
.tag {
  display: inline-block; padding: 0.1rem 0.6rem; border-radius: 999px; font-size: 0.9rem;
  background: var(--surface); border: 1px solid var(--border);
}
.tag-tech { background: #e6effa; border-color: #8fb3de; }
.tag-full { background: var(--warning-bg); border-color: #d9b54a; }
.tag-ok { background: var(--success-bg); border-color: #8cc49f; }
.tag-cancelled { background: var(--error-bg); border-color: #e3a0aa; }
.description p { max-width: 44rem; }

.notice {
  border-left: 6px solid var(--primary); background: #e6effa; padding: 1rem 1.25rem;
  margin: 1rem 0 1.5rem; border-radius: 0 var(--radius) var(--radius) 0;
}
.notice-success { border-color: var(--success); background: var(--success-bg); }
.notice-warning { border-color: #b58900; background: var(--warning-bg); }
.notice > :last-child { margin-bottom: 0; }
.notice h2 { margin-top: 0; }

.error-summary {
  border: 4px solid var(--error); padding: 1rem 1.25rem; margin: 0 0 1.5rem;
  border-radius: var(--radius);
}
.error-summary h2 { margin-top: 0; font-size: 1.3rem; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--error); font-weight: 600; }
.error-summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; }

form.stacked { max-width: 44rem; }
.field { margin: 0 0 1.5rem; }
.field-error-group { border-left: 5px solid var(--error); padding-left: 1rem; }
label, legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.optional { font-weight: 400; color: var(--muted); }
.hint { color: var(--muted); margin: 0 0 0.4rem; font-size: 0.95rem; }
.field-message { color: var(--error); font-weight: 600; margin: 0 0 0.4rem; }
fieldset { border: 0; margin: 0 0 1.5rem; padding: 0; min-width: 0; }
input[type="text"], input[type="email"], input[type="url"], input[type="number"], input[type="password"],
input[type="datetime-local"], select, textarea {
  display: block; width: 100%; max-width: 32rem; font: inherit; color: var(--text); background: #fff;
  padding: 0.5rem 0.6rem; border: 2px solid var(--text); border-radius: 4px;
}
textarea { max-width: 44rem; min-height: 8rem; }
input.short { max-width: 12rem; }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--error); }
.choice { display: flex; align-items: flex-start; gap: 0.6rem; margin: 0 0 0.5rem; }
.choice input { width: 1.4rem; height: 1.4rem; margin: 0.15rem 0 0; flex: none; accent-color: var(--primary); }
.choice label { font-weight: 400; margin: 0; }
.choice + .hint { margin-left: 2rem; }
.columns { display: grid; gap: 0 1.5rem; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); max-width: 44rem; }

.button, button {
  display: inline-block; font: inherit; font-weight: 600; line-height: 1.25; cursor: pointer;
  padding: 0.65rem 1.2rem; border-radius: 4px; border: 2px solid var(--primary);
  background: var(--primary); color: #fff; text-decoration: none;
}
.button:hover, button:hover { background: var(--primary-dark); border-color: var(--primary-dark); color: #fff; }
.button-secondary { background: #fff; color: var(--primary); }
.button-secondary:hover { background: #e6effa; color: var(--primary-dark); }
.button-danger { background: var(--error); border-color: var(--error); }
.button-danger:hover { background: #7a0016; border-color: #7a0016; }
.link-button {
  background: none; border: 0; padding: 0; color: var(--primary); text-decoration: underline;
  font-weight: 400; cursor: pointer;
}
.link-button:hover { background: none; color: var(--primary-dark); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 1rem 0 1.5rem; }
.actions form { margin: 0; }
.inline-form { display: inline; margin: 0; }

.honeypot {
  position: absolute !important; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden;
}

/* Relative, so visually hidden text in cells stays in the scroll box and never widens the page. */
.table-wrap { position: relative; overflow-x: auto; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.97rem; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--border); }
thead th { border-bottom: 2px solid var(--text); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.stats { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; margin: 0 0 1.5rem; }
.stats li { background: var(--surface); border-radius: var(--radius); padding: 0.6rem 1rem; }
.stats strong { display: block; font-size: 1.4rem; }

@media (max-width: 40rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.6rem; }
  .event-facts { grid-template-columns: 1fr; }
  .event-facts dd { margin-bottom: 0.4rem; }
  .button, button:not(.link-button) { width: 100%; text-align: center; }
}
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
/* Data exported for a person: long keys and values wrap instead of widening the page. */
.data-export { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; }

@media print {
  body { font-size: 11pt; color: #000; }
  .skip-link, .admin-nav, .site-footer, .actions, form, .no-print { display: none !important; }
  .site-header { background: none; color: #000; padding: 0 0 0.5rem; border-bottom: 1px solid #000; }
  .site-header a { color: #000; }
  main { max-width: none; padding: 0; }
  a { color: #000; }
  .event-card { break-inside: avoid; }
  .description a[href^="http"]::after { content: " (" attr(href) ")"; }
}
`;

/** Part of the stylesheet's URL, so the year-long browser cache still picks up a new version. */
export const siteCssVersion = createHash('sha256').update(siteCss).digest('hex').slice(0, 12);

export const siteCssPath = '/static/site.css';
