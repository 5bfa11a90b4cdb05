// The parts of ECharts the HR chart uses, registered once. HrChart imports this module dynamically, so ECharts
// is a chunk of its own, loaded only on /hr and only with the bar chart, grid, legend, tooltip and canvas renderer.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One stacked segment of the bars: a label with its colour and one count per category. */
export interface StackedSeries {
  label: string;
  color: string;
  data: number[];
}

/** Draw horizontal stacked bars (one per category) into `el`; the caller disposes the returned chart. */
export function drawStackedBars(el: HTMLElement, categories: string[], series: StackedSeries[]): ECharts {
  // The canvas renderer draws without inline style attributes, which the page's Content-Security-Policy ignores.
  const chart = init(el, undefined, { renderer: 'canvas' });
  chart.setOption({
    aria: { enabled: false }, // the container's label and the table below the chart describe it
    textStyle: { fontFamily: 'PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, sans-serif' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: '#1f2933' } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: categories,
      inverse: true,
      axisLabel: { color: '#1f2933', width: 120, overflow: 'truncate' },
    },
    series: series.map((s) => ({
      name: s.label,
      type: 'bar',
      stack: 'total',
      data: s.data,
      itemStyle: { color: s.color },
      barMaxWidth: 28,
    })),
  });
  return chart;
}
