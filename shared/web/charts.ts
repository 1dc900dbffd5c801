/**
 * Small server-side SVG charts: no script, no external file, readable without styles. Each
 * chart is one `role="img"` with a title and a text description; the page puts the same
 * numbers in a table next to it, which is what screen-reader and keyboard users read.
 */

export interface Bar {
  /** Short label under the bar, e.g. "říj". */
  label: string;
  /** Full label for the text alternative, e.g. "říjen". */
  longLabel?: string;
  value: number;
}

export interface BarChartSpec {
  /** Unique within the page: prefixes the ids of the title and description. */
  id: string;
  title: string;
  /** The text alternative; when omitted, every bar is spelled out ("říjen: 159; …"). */
  description?: string;
  bars: Bar[];
  /** Renders a value on and under the bars, e.g. Czech decimal commas. */
  formatValue?: (value: number) => string;
  /**
   * Vertical (default): columns over a rounded axis, short labels under them (months).
   * Horizontal: one row a bar with its long label in front (answers of a survey question).
   */
  orientation?: 'vertical' | 'horizontal';
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const defaultFormat = (value: number) => String(value).replace('.', ',');

/** "Nice" top of the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function axisMaximum(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

// Colours from the site palette; bars and text keep at least 4.5:1 against white.
const barColour = '#0b5cab';
const textColour = '#1b1f24';
const gridColour = '#b9c2cc';

/** The opening of every chart: one image named by its title and described by its text. */
function chartOpening(spec: BarChartSpec, width: number, height: number, style: string): string[] {
  const format = spec.formatValue ?? defaultFormat;
  const description =
    spec.description ??
    spec.bars.map((b) => `${b.longLabel ?? b.label}: ${format(b.value)}`).join('; ');
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  return [
    `<svg role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="100%" style="${style}" focusable="false">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(spec.title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(description)}</desc>`,
  ];
}

export function barChartSvg(spec: BarChartSpec): string {
  return spec.orientation === 'horizontal' ? horizontalBars(spec) : verticalBars(spec);
}

function verticalBars(spec: BarChartSpec): string {
  const format = spec.formatValue ?? defaultFormat;
  const slot = 44;
  const left = 40;
  const right = 8;
  const top = 24;
  const plotHeight = 160;
  const bottom = 28;
  const width = left + right + slot * Math.max(spec.bars.length, 1);
  const height = top + plotHeight + bottom;
  const maximum = axisMaximum(Math.max(0, ...spec.bars.map((b) => b.value)));
  const baseline = top + plotHeight;

  const parts: string[] = [
    ...chartOpening(spec, width, height, `max-width:${width * 1.5}px`),
    `<g font-family="system-ui, sans-serif" font-size="12" fill="${textColour}">`,
    `<line x1="${left}" y1="${top}" x2="${width - right}" y2="${top}" stroke="${gridColour}" stroke-dasharray="3 3"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${escapeXml(format(maximum))}</text>`,
    `<line x1="${left}" y1="${baseline}" x2="${width - right}" y2="${baseline}" stroke="${textColour}"/>`,
    `<text x="${left - 6}" y="${baseline + 4}" text-anchor="end">0</text>`,
  ];
  spec.bars.forEach((bar, index) => {
    const value = Math.max(0, bar.value);
    const barHeight = Math.round((value / maximum) * plotHeight * 10) / 10;
    const x = left + index * slot + 8;
    const barWidth = slot - 16;
    const centre = x + barWidth / 2;
    if (barHeight > 0) {
      parts.push(
        `<rect x="${x}" y="${baseline - barHeight}" width="${barWidth}" height="${barHeight}" fill="${barColour}"/>`,
      );
    }
    parts.push(
      `<text x="${centre}" y="${baseline - barHeight - 4}" text-anchor="middle">${escapeXml(format(bar.value))}</text>`,
      `<text x="${centre}" y="${baseline + 18}" text-anchor="middle">${escapeXml(bar.label)}</text>`,
    );
  });
  parts.push('</g>', '</svg>');
  return parts.join('');
}

/** Bars as long as their share of the largest one; a zero still shows as a hairline. */
function horizontalBars(spec: BarChartSpec): string {
  const format = spec.formatValue ?? defaultFormat;
  const rowHeight = 34;
  const labelWidth = 190;
  const plotWidth = 300;
  const width = labelWidth + plotWidth + 60;
  const height = spec.bars.length * rowHeight + 10;
  const maximum = Math.max(1, ...spec.bars.map((b) => b.value));

  const parts: string[] = [
    ...chartOpening(spec, width, height, 'max-width: 34rem; height: auto;'),
    `<g font-family="system-ui, sans-serif" font-size="15" fill="${textColour}">`,
  ];
  spec.bars.forEach((bar, index) => {
    const y = 5 + index * rowHeight;
    const barWidth = Math.max(Math.round((Math.max(0, bar.value) / maximum) * plotWidth), 1);
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 21}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth}" height="${rowHeight - 10}" fill="${barColour}"/>`,
      `<text x="${labelWidth + barWidth + 6}" y="${y + 21}">${escapeXml(format(bar.value))}</text>`,
    );
  });
  parts.push('</g>', '</svg>');
  return parts.join('');
}
