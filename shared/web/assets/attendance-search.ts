/**
 * Progressive enhancement of the check-in list: filters rows while typing. Without it the
 * search form still works as a plain GET.
 */
export const attendanceSearchScript = `(() => {
  const input = document.getElementById('hledat');
  const count = document.getElementById('pocet-nalezenych');
  const rows = Array.from(document.querySelectorAll('tr[data-hledat]'));
  if (!input || rows.length === 0) return;
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  const forms = (n) => (n === 1 ? 'osoba' : n >= 2 && n <= 4 ? 'osoby' : 'osob');
  let timer;
  input.addEventListener('input', () => {
    const q = fold(input.value.trim());
    let shown = 0;
    for (const row of rows) {
      const match = !q || row.dataset.hledat.includes(q);
      row.hidden = !match;
      if (match) shown++;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (count) count.textContent = q ? 'Nalezeno: ' + shown + ' ' + forms(shown) : '';
    }, 400);
  });
})();
`;
