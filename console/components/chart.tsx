/**
 * A chart with its figures as a table, for the console's numbers.
 *
 * Why Chart.js (4, tree-shaken): of the candidates it is the one that draws what these pages need
 * — bars by category (a funnel's steps), bars stacked over time (channels), lines with gaps (rates,
 * NPS per doctor) — out of the box, is well kept, and registers only the parts a page uses: bar and
 * line, two scales and the tooltip come to ≈ 55 KB gzipped, in the lazily loaded chunk of the pages
 * that draw charts, never in the console's first load. It draws on a canvas and touches styles only
 * through the CSSOM (canvas.style.*), which the console's CSP (style-src 'self', no inline style)
 * allows: no <style> element, no style attribute, no CSP change. uPlot is smaller (≈ 22 KB) but made
 * for time series: category bars and stacking would be code of ours; ECharts (≥ 130 KB even
 * tree-shaken) and Recharts (React + d3, ≈ 100 KB) are heavy for six charts.
 *
 * A canvas says nothing to a screen reader, so each chart is an image with a name (role="img") and
 * its figures come as a table under it ("show as a table"); the legend is HTML, not pixels. Colours
 * come from the CSS (--chart-1 … --chart-6), so the legend's swatches and the bars always agree.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useId, useRef } from 'react';
import { useT } from '../i18n.tsx';
import { Table } from '../ui.tsx';
import './chart.css';

ChartJs.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export interface Series {
  label: string;
  /** One per label; null: no figure there (a gap in a line, "—" in the table). */
  values: (number | null)[];
}

export interface ChartProps {
  kind: 'bar' | 'line';
  /** The chart's name: its heading, the image's accessible name, the table's label. */
  title: string;
  /** The bars or points, left to right (or top to bottom when horizontal). */
  labels: string[];
  series: Series[];
  /** A value as the staff member reads it (a count, a percentage, tenge). */
  format(value: number): string;
  stacked?: boolean;
  horizontal?: boolean;
  min?: number;
  max?: number;
  /** What the table's first column holds (a step, a week…). */
  labelHeading: string;
  /** Columns only the table has (figures the chart does not draw), already formatted. */
  extraColumns?: { label: string; values: string[] }[];
  testId?: string;
}

const PALETTE_SIZE = 6;

export function Chart(props: ChartProps) {
  const tr = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const titleId = useId();
  const { kind, labels, series, format, stacked, horizontal, min, max } = props;
  // Redrawn when what it shows changes; the key keeps the effect from running on every render.
  const key = JSON.stringify([kind, labels, series, stacked, horizontal, min, max, tr.language]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything drawn
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const css = getComputedStyle(element);
    const colour = (i: number) => css.getPropertyValue(`--chart-${(i % PALETTE_SIZE) + 1}`).trim();
    const valueAxis = horizontal ? 'x' : 'y';
    // A few categories (a funnel's steps) are all named, slanted if need be; many bars skip names.
    const many = labels.length > 12;
    const labelTicks = { autoSkip: many, maxRotation: many ? 0 : 45 };
    const chart = new ChartJs(element, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: colour(i),
          borderColor: colour(i),
          borderWidth: kind === 'line' ? 2 : 0,
          spanGaps: false,
          pointRadius: labels.length > 40 ? 0 : 3,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Figures, not a show: nothing moves (and the page is at rest for screenshots and tests).
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: Boolean(stacked), ticks: labelTicks },
          y: { stacked: Boolean(stacked), ticks: labelTicks },
          [valueAxis]: {
            stacked: Boolean(stacked),
            min,
            max,
            beginAtZero: min === undefined,
            ticks: { callback: (value: string | number) => format(Number(value)), precision: 0 },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : format(Number(item.raw))}`,
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [key]);

  const empty = series.every((s) => s.values.every((v) => v === null || v === 0));
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption id={titleId} className="chart-title">
        {props.title}
      </figcaption>
      {series.length > 1 && (
        <ul className="chart-legend">
          {series.map((s, i) => (
            <li key={s.label}>
              <span className={`swatch swatch-${(i % PALETTE_SIZE) + 1}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {empty ? (
        <p className="muted chart-empty">{tr.t('console-analytics-chart-nothing')}</p>
      ) : (
        <div className={horizontal ? 'chart-box chart-box-tall' : 'chart-box'}>
          <canvas ref={canvas} role="img" aria-labelledby={titleId}>
            {tr.t('console-analytics-chart-see-table')}
          </canvas>
        </div>
      )}
      <details className="chart-table">
        <summary>{tr.t('console-analytics-chart-as-table')}</summary>
        <Table
          label={props.title}
          head={[
            props.labelHeading,
            ...series.map((s) => s.label),
            ...(props.extraColumns ?? []).map((c) => c.label),
          ]}
        >
          {labels.map((label, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows follow the labels, which may repeat
            <tr key={row}>
              <th scope="row">{label}</th>
              {series.map((s) => {
                const value = s.values[row];
                return <td key={s.label}>{value === null || value === undefined ? '—' : format(value)}</td>;
              })}
              {(props.extraColumns ?? []).map((c) => (
                <td key={c.label}>{c.values[row]}</td>
              ))}
            </tr>
          ))}
        </Table>
      </details>
    </figure>
  );
}
