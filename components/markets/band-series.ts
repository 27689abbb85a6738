/**
 * A filled band between two prices (the forecast interval) as a lightweight-charts custom series: the library
 * has lines, areas and baselines but no two-sided band, and an area masked by a second one would also hide
 * the grid. Follows the library's custom-series plugin interface (ICustomSeriesPaneView).
 */
import type {
  CustomData,
  CustomSeriesOptions,
  CustomSeriesPricePlotValues,
  CustomSeriesWhitespaceData,
  ICustomSeriesPaneRenderer,
  ICustomSeriesPaneView,
  PaneRendererCustomData,
  PriceToCoordinateConverter,
  Time,
} from "lightweight-charts";

export interface BandData extends CustomData<Time> {
  lower: number;
  upper: number;
}

export interface BandSeriesOptions extends CustomSeriesOptions {
  fillColor: string;
  edgeColor: string;
}

type Target = Parameters<ICustomSeriesPaneRenderer["draw"]>[0];

class BandRenderer implements ICustomSeriesPaneRenderer {
  private data: PaneRendererCustomData<Time, BandData> | null = null;
  private options: BandSeriesOptions | null = null;

  update(data: PaneRendererCustomData<Time, BandData>, options: BandSeriesOptions) {
    this.data = data;
    this.options = options;
  }

  draw(target: Target, toY: PriceToCoordinateConverter) {
    const { data, options } = this;
    if (!data || !options || data.bars.length === 0) return;
    target.useBitmapCoordinateSpace(({ context: ctx, horizontalPixelRatio: hr, verticalPixelRatio: vr }) => {
      const pts = data.bars.flatMap((b) => {
        const lo = toY(b.originalData.lower);
        const hi = toY(b.originalData.upper);
        return lo === null || hi === null ? [] : [{ x: b.x * hr, lo: lo * vr, hi: hi * vr }];
      });
      if (pts.length === 0) return;
      ctx.beginPath();
      pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.hi) : ctx.lineTo(p.x, p.hi)));
      for (let i = pts.length - 1; i >= 0; i--) ctx.lineTo(pts[i].x, pts[i].lo);
      ctx.closePath();
      ctx.fillStyle = options.fillColor;
      ctx.fill();
      ctx.lineWidth = Math.max(1, hr);
      ctx.strokeStyle = options.edgeColor;
      ctx.setLineDash([4 * hr, 3 * hr]);
      for (const edge of ["hi", "lo"] as const) {
        ctx.beginPath();
        pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p[edge]) : ctx.lineTo(p.x, p[edge])));
        ctx.stroke();
      }
      ctx.setLineDash([]);
    });
  }
}

export class BandSeries implements ICustomSeriesPaneView<Time, BandData, BandSeriesOptions> {
  private readonly bandRenderer = new BandRenderer();
  constructor(private readonly defaults: BandSeriesOptions) {}

  renderer(): ICustomSeriesPaneRenderer {
    return this.bandRenderer;
  }
  update(data: PaneRendererCustomData<Time, BandData>, options: BandSeriesOptions) {
    this.bandRenderer.update(data, options);
  }
  priceValueBuilder(row: BandData): CustomSeriesPricePlotValues {
    // Both ends count for autoscaling; the last value is the one the price label would show.
    return [row.lower, row.upper, (row.lower + row.upper) / 2];
  }
  isWhitespace(row: BandData | CustomSeriesWhitespaceData<Time>): row is CustomSeriesWhitespaceData<Time> {
    return (row as Partial<BandData>).lower === undefined || (row as Partial<BandData>).upper === undefined;
  }
  defaultOptions(): BandSeriesOptions {
    return this.defaults;
  }
}
