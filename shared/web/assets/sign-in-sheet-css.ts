/** The printable sign-in sheet's own layout, on top of the site stylesheet: A4, one row a person. */
export const signInSheetCss = `
body { margin: 0; }
.sheet { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
.sheet h1 { margin: 0 0 0.5rem; }
.sheet .event-title { font-size: 1.3rem; font-weight: 700; margin: 0 0 0.25rem; }
.sheet dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem; }
.sheet dt { font-weight: 600; }
.sheet dd { margin: 0; }
.sheet table { width: 100%; border-collapse: collapse; }
.sheet th, .sheet td { border: 1px solid #000; padding: 0.35rem 0.5rem; text-align: left; vertical-align: middle; }
.sheet thead th { background: #eef1f4; }
.sheet td { height: 2.6rem; }
.sheet .order { width: 4rem; text-align: right; }
.sheet .signature { width: 30%; }
.sheet .statement { margin-top: 0.75rem; font-size: 0.9rem; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  .no-print { display: none !important; }
  body { font-size: 10.5pt; color: #000; background: #fff; }
  .sheet { max-width: none; padding: 0; }
  .sheet thead { display: table-header-group; }
  .sheet tfoot { display: table-footer-group; }
  .sheet tr { break-inside: avoid; page-break-inside: avoid; }
  .sheet td { height: 10mm; }
  .sheet thead th { background: none; }
  a { color: #000; text-decoration: none; }
}
`;
