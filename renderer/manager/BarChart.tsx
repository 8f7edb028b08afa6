export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
}

interface BarChartProps {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly format: (value: number) => string;
  /** Right to left: the first bar on the right, as Persian readers scan. */
  readonly rtl: boolean;
  readonly testId?: string;
}

const WIDTH = 720;
const HEIGHT = 220;
const AXIS = 28;
const TOP = 24;

/**
 * Vertical bars drawn as plain SVG (a chart library would inject <style> elements the CSP
 * refuses). Each bar carries its value as a <title>, so the numbers are there for a screen reader.
 */
export function BarChart({ title, bars, format, rtl, testId }: BarChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = bars.length > 0 ? WIDTH / bars.length : WIDTH;
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const labelEvery = Math.ceil(bars.length / 12);
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS + TOP}`}
        role="img"
        aria-label={title}
        direction="ltr"
        className="w-full max-w-3xl rounded-lg bg-white ring-1 ring-slate-200"
        data-testid={testId}
      >
        <line x1={0} x2={WIDTH} y1={TOP + HEIGHT} y2={TOP + HEIGHT} className="stroke-slate-300" />
        {bars.map((b, i) => {
          const h = Math.round((b.value / max) * HEIGHT);
          const position = rtl ? bars.length - 1 - i : i;
          const x = position * slot + (slot - barWidth) / 2;
          return (
            <g key={b.key} data-testid={testId ? `${testId}-bar` : undefined}>
              <rect x={x} y={TOP + HEIGHT - h} width={barWidth} height={h} rx={2} className="fill-teal-600">
                <title>{`${b.label}: ${format(b.value)}`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={TOP + HEIGHT + 18}
                  textAnchor="middle"
                  className="fill-slate-600 text-[11px]"
                >
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
        {bars.length > 0 ? (
          <text
            x={rtl ? WIDTH - 4 : 4}
            y={16}
            textAnchor={rtl ? 'end' : 'start'}
            className="fill-slate-500 text-[11px]"
          >
            {format(max)}
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
