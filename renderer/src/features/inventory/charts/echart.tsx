import { useEffect, useRef, type CSSProperties } from 'react';
import type { ECharts } from 'echarts/core';
import type { ChartOption } from './chart-options';
import { createChart } from './echarts-setup';

interface EChartProps {
  option: ChartOption;
  /** Called with the data index of the bar or slice clicked. */
  onItemClick: (dataIndex: number) => void;
  /** Called with the data index under the pointer, and null when it leaves the bars or slices. */
  onItemHover?: (dataIndex: number | null) => void;
  className: string;
  /** Box size when it depends on the data (a bar per row). */
  style?: CSSProperties;
}

/**
 * One echarts instance for the life of the element: created on mount, resized with its box
 * (ResizeObserver), given each new option whole, disposed on unmount. Hidden from assistive
 * technology: the legend beside every chart carries the same slices as buttons.
 */
export function EChart({ option, onItemClick, onItemHover, className, style }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clicked = useRef(onItemClick);
  const hovered = useRef(onItemHover);

  useEffect(() => {
    clicked.current = onItemClick;
    hovered.current = onItemHover;
  }, [onItemClick, onItemHover]);

  useEffect(() => {
    const box = element.current;
    if (!box) return undefined;
    const instance = createChart(box);
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.dataIndex === 'number') clicked.current(params.dataIndex);
    });
    instance.on('mouseover', (params) => {
      if (typeof params.dataIndex === 'number') hovered.current?.(params.dataIndex);
    });
    instance.on('mouseout', () => hovered.current?.(null));
    // A screen kept mounted but hidden has a 0×0 box; resizing to it would lose the layout.
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0 && entry.contentRect.height > 0) instance.resize();
    });
    observer.observe(box);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className={className} style={style} aria-hidden="true" data-testid="echart" />;
}
