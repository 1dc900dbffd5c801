import { describe, expect, it } from 'vitest';
import { axisMaximum, barChartSvg, escapeXml } from '../../shared/web/charts';

describe('barChartSvg', () => {
  const svg = barChartSvg({
    id: 'graf',
    title: 'Účasti po měsících',
    bars: [
      { label: 'zář', longLabel: 'září', value: 0 },
      { label: 'říj', longLabel: 'říjen', value: 159 },
      { label: 'lis', longLabel: 'listopad', value: 40 },
    ],
  });

  it('is one image with a title and a text alternative', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="graf-title graf-desc"/);
    expect(svg).toContain('<title id="graf-title">Účasti po měsících</title>');
    expect(svg).toContain('<desc id="graf-desc">září: 0; říjen: 159; listopad: 40</desc>');
  });

  it('draws bars in proportion to a rounded axis, and none for zero', () => {
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([(159 / 200) * 160, (40 / 200) * 160]);
    expect(svg).toContain('>200</text>');
  });

  it('escapes text', () => {
    const unsafe = barChartSvg({
      id: 'x"><script>',
      title: '<script>alert(1)</script>',
      bars: [{ label: 'a&b', value: 1.5 }],
    });
    expect(unsafe).not.toContain('<script>');
    expect(unsafe).toContain('a&amp;b');
    expect(unsafe).toContain('>1,5</text>');
  });
});

describe('barChartSvg, horizontal', () => {
  const svg = barChartSvg({
    id: 'odpovedi',
    title: 'Rozložení odpovědí',
    description: 'ano: 3 odpovědi, ne: žádná',
    orientation: 'horizontal',
    bars: [
      { label: 'ano', value: 3 },
      { label: 'ne', value: 0 },
      { label: 'bez odpovědi', value: 1 },
    ],
  });

  it('is one image with the given text alternative', () => {
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="odpovedi-title odpovedi-desc"/);
    expect(svg).toContain('<desc id="odpovedi-desc">ano: 3 odpovědi, ne: žádná</desc>');
  });

  it('draws one row a bar, as long as its share of the largest, a zero as a hairline', () => {
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([300, 1, 100]);
    expect(svg).toContain('text-anchor="end">bez odpovědi</text>');
  });
});

describe('axisMaximum', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(axisMaximum(0)).toBe(1);
    expect(axisMaximum(1)).toBe(1);
    expect(axisMaximum(7)).toBe(10);
    expect(axisMaximum(46)).toBe(50);
    expect(axisMaximum(159)).toBe(200);
    expect(axisMaximum(200)).toBe(200);
    expect(axisMaximum(201)).toBe(500);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
