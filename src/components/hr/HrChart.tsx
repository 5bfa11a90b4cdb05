import type { ECharts } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import type { StackedSeries } from './HrChartEngine.tsx';

interface Props {
  /** What the chart shows, read by screen readers; the table after the chart has the same numbers. */
  description: string;
  /** Department or team names, one bar each. */
  categories: string[];
  series: StackedSeries[];
}

/**
 * Stacked bar chart of certification statuses per department or team. ECharts is imported on demand, so it is a
 * chunk of its own that only this page loads; until then (or if it fails) the table below carries the numbers.
 */
export default function HrChart({ description, categories, series }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const height = Math.max(160, 64 + categories.length * 36);

  useEffect(() => {
    let chart: ECharts | undefined;
    let cancelled = false;
    const onResize = () => chart?.resize();
    import('./HrChartEngine.tsx')
      .then(({ drawStackedBars }) => {
        const el = container.current;
        if (cancelled || !el) return;
        // Sized through the CSSOM: the page's Content-Security-Policy ignores inline style attributes.
        el.style.height = `${height}px`;
        chart = drawStackedBars(el, categories, series);
        window.addEventListener('resize', onResize);
      })
      .catch((error: unknown) => {
        console.error(`[hr chart] could not load ECharts: ${(error as Error).message}`);
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [categories, series, height]);

  return failed ? (
    <p className="alert info">图表暂时无法显示，请查看下方表格中的数据。</p>
  ) : (
    <div ref={container} className="hr-chart" role="img" aria-label={description} data-testid="hr-chart" />
  );
}
