/// The dashboard's candlestick chart (`window.TickFlowCandleChart`): bars upserted by window start, drawn by
/// hand on a canvas whose `data-points` attribute counts the candles drawn.
///
/// Kept in the binary (see ``Dashboard``): edit it here.
enum DashboardChartScript {
    static let javaScript = #"""
        "use strict";
        // A candlestick chart drawn by hand on a canvas. Bars are upserted by their window start (a later revision of
        // a window replaces the earlier one); the newest `capacity` are drawn. The canvas's `data-points` attribute
        // says how many candles the last drawing rendered.
        (function () {
          const PADDING = { left: 8, right: 70, top: 14, bottom: 24 };

          class CandleChart {
            constructor(canvas, capacity) {
              this.canvas = canvas;
              this.capacity = capacity;
              this.bars = new Map();
              this.drawn = 0;
              this.liveUpdates = 0;
              this.message = "waiting for bars…";
            }

            /// Forgets every bar (another instrument or interval is shown).
            reset(message) {
              this.bars.clear();
              this.liveUpdates = 0;
              this.message = message || "waiting for bars…";
            }

            /// Adds or replaces the bar of `bar.start` (ms); an older revision never replaces a newer one.
            upsert(bar, live) {
              const known = this.bars.get(bar.start);
              if (known && known.revision > bar.revision) return;
              this.bars.set(bar.start, bar);
              if (live) this.liveUpdates += 1;
              if (this.bars.size > this.capacity * 2) {
                const starts = Array.from(this.bars.keys()).sort((a, b) => a - b);
                for (const start of starts.slice(0, starts.length - this.capacity)) this.bars.delete(start);
              }
            }

            /// The bars drawn: the newest `capacity`, oldest first.
            series() {
              return Array.from(this.bars.values()).sort((a, b) => a.start - b.start).slice(-this.capacity);
            }

            draw() {
              const canvas = this.canvas;
              const ratio = window.devicePixelRatio || 1;
              const width = canvas.clientWidth || canvas.width;
              const height = canvas.clientHeight || canvas.height;
              if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
                canvas.width = Math.round(width * ratio);
                canvas.height = Math.round(height * ratio);
              }
              const context = canvas.getContext("2d");
              context.setTransform(ratio, 0, 0, ratio, 0, 0);
              context.clearRect(0, 0, width, height);
              const style = getComputedStyle(document.documentElement);
              const color = (name, fallback) => (style.getPropertyValue(name) || fallback).trim();
              const colors = { up: color("--up", "#26a69a"), down: color("--down", "#ef5350"), grid: color("--line", "#2a3744"), text: color("--muted", "#8698aa") };
              context.font = "11px system-ui, sans-serif";
              const bars = this.series();
              this.drawn = bars.length;
              canvas.dataset.points = String(bars.length);
              if (bars.length === 0) {
                context.fillStyle = colors.text;
                context.fillText(this.message, PADDING.left + 8, PADDING.top + 16);
                return;
              }
              let low = Math.min(...bars.map((bar) => bar.low));
              let high = Math.max(...bars.map((bar) => bar.high));
              const margin = (high - low) * 0.05 || Math.abs(high) * 0.001 || 1;
              low -= margin;
              high += margin;
              const plotWidth = width - PADDING.left - PADDING.right;
              const plotHeight = height - PADDING.top - PADDING.bottom;
              const y = (price) => PADDING.top + ((high - price) / (high - low)) * plotHeight;
              // Few bars stay candle-sized, aligned right (the newest at the right edge).
              const slot = plotWidth / Math.max(bars.length, 40);
              const x = (index) => PADDING.left + plotWidth - (bars.length - index - 0.5) * slot;

              context.strokeStyle = colors.grid;
              context.fillStyle = colors.text;
              context.lineWidth = 1;
              const digits = high < 10 ? 4 : 2;
              for (let step = 0; step <= 4; step += 1) {
                const price = low + ((high - low) * step) / 4;
                const lineY = Math.round(y(price)) + 0.5;
                context.beginPath();
                context.moveTo(PADDING.left, lineY);
                context.lineTo(PADDING.left + plotWidth, lineY);
                context.stroke();
                context.fillText(price.toFixed(digits), PADDING.left + plotWidth + 6, lineY + 4);
              }
              // Up to five time labels, never closer than 90 px.
              let labelEnd = -Infinity;
              for (let label = 0; label < 5; label += 1) {
                const index = Math.round(((bars.length - 1) * label) / 4);
                const left = Math.max(PADDING.left, Math.min(x(index) - 24, PADDING.left + plotWidth - 48));
                if (left < labelEnd + 90) continue;
                labelEnd = left;
                context.fillText(CandleChart.timeLabel(bars[index].start, bars[bars.length - 1].start - bars[0].start), left, height - 6);
              }

              const body = Math.max(1, Math.min(slot * 0.65, 14));
              bars.forEach((bar, index) => {
                const center = Math.round(x(index)) + 0.5;
                const rising = bar.close >= bar.open;
                context.strokeStyle = context.fillStyle = rising ? colors.up : colors.down;
                context.beginPath();
                context.moveTo(center, y(bar.high));
                context.lineTo(center, y(bar.low));
                context.stroke();
                const top = y(Math.max(bar.open, bar.close));
                context.fillRect(center - body / 2, top, body, Math.max(1, y(Math.min(bar.open, bar.close)) - top));
              });

              // The last close, dashed across the plot and labelled on the axis.
              const last = bars[bars.length - 1];
              const lastY = Math.round(y(last.close)) + 0.5;
              context.setLineDash([4, 3]);
              context.strokeStyle = last.close >= last.open ? colors.up : colors.down;
              context.beginPath();
              context.moveTo(PADDING.left, lastY);
              context.lineTo(PADDING.left + plotWidth, lastY);
              context.stroke();
              context.setLineDash([]);
              context.fillStyle = context.strokeStyle;
              context.fillRect(PADDING.left + plotWidth + 2, lastY - 8, PADDING.right - 4, 16);
              context.fillStyle = "#fff";
              context.fillText(last.close.toFixed(digits), PADDING.left + plotWidth + 6, lastY + 4);
            }

            /// A time axis label: the date for spans of days, else the UTC time of day.
            static timeLabel(start, span) {
              const iso = new Date(start).toISOString();
              return span >= 3 * 86400000 ? iso.slice(5, 10) : span >= 3600000 ? iso.slice(11, 16) : iso.slice(11, 19);
            }
          }

          window.TickFlowCandleChart = CandleChart;
        })();
        """#
}
