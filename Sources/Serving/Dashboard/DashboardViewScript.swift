/// The dashboard's rendering (`window.TickFlowDashboardView`): the price table, the portfolios, the anomalies
/// and the instrument chips, from the state the application script keeps.
///
/// Kept in the binary (see ``Dashboard``): edit it here.
enum DashboardViewScript {
    static let javaScript = #"""
        "use strict";
        // The dashboard's rendering, from the state app.js keeps: the price table, the candlestick chart's drawing, the
        // portfolios with their value and risk, the anomalies and the instrument chips. Tables and the anomaly list
        // carry a `data-points` attribute: how many of their rows have data.
        (function () {
          const $ = (id) => document.getElementById(id);
          const number = (value, digits) => (value == null || !isFinite(value) ? "—"
            : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
          const priceDigits = (value) => (value != null && Math.abs(value) < 10 ? 4 : 2);

          /// The view over `state` and `chart`; `model` gives symbolOf, priceOf, millis and changeWatch.
          window.TickFlowDashboardView = function (state, chart, model) {
            const { symbolOf, priceOf, millis, changeWatch } = model;

            function cell(text, className) {
              const td = document.createElement("td");
              td.textContent = text;
              if (className) td.className = className;
              return td;
            }

            function render() {
              renderPrices();
              chart.draw();
              renderPortfolios();
              renderAnomalies();
            }

            function renderPrices() {
              let priced = 0;
              const rows = state.watch.map((id) => {
                const price = state.prices.get(id) || {};
                const last = priceOf(id);
                if (last != null) priced += 1;
                // Against today's open once a daily bar is known, else against the first price this page saw.
                if (price.firstSeen == null && last != null) price.firstSeen = last;
                const reference = price.dayOpen || price.firstSeen || null;
                const change = last != null && reference ? last - reference : null;
                const direction = change > 0 ? "up" : change < 0 ? "down" : "";
                const digits = priceDigits(last);
                const row = document.createElement("tr");
                row.dataset.instrumentId = id;
                row.dataset.symbol = symbolOf(id);
                row.append(
                  cell(symbolOf(id), "symbol"), cell(number(last, digits), "last"), cell(number(price.bid, digits), "bid"),
                  cell(number(price.ask, digits), "ask"), cell(number(change, digits), "change " + direction),
                  cell(change == null ? "—" : number((100 * change) / reference, 2) + "%", "pct " + direction),
                  cell(price.time ? new Date(price.time).toISOString().slice(11, 19) : "—", "time muted"));
                return row;
              });
              $("prices").tBodies[0].replaceChildren(...rows);
              $("prices").dataset.points = String(priced);
            }

            function portfolioValue(portfolio) {
              let value = 0;
              let live = true;
              for (const holding of portfolio.holdings) {
                const price = priceOf(holding.stockId);
                if (price == null) {
                  live = false;
                  value += Number(holding.marketValue);
                } else value += Number(holding.quantity) * price;
              }
              return { value, live };
            }

            function renderPortfolios() {
              let riskCount = 0;
              let latest = 0;
              const rows = state.portfolios.map((portfolio) => {
                const { value, live } = portfolioValue(portfolio);
                const metrics = Array.from((state.risk.get(portfolio.id) || new Map()).values())
                  .sort((a, b) => a.method.localeCompare(b.method) || b.confidence - a.confidence);
                riskCount += metrics.length;
                metrics.forEach((metric) => { latest = Math.max(latest, millis(metric.asOf)); });
                const describe = (kind) => metrics.filter((metric) => metric.kind === kind)
                  .map((metric) => `${metric.method} ${Math.round(metric.confidence * 1000) / 10}%/${metric.horizonDays}d ${number(metric.value, 2)}`)
                  .join("\n") || "—";
                const row = document.createElement("tr");
                row.dataset.portfolioId = portfolio.id;
                row.append(
                  cell(portfolio.name, "name"), cell(`${number(value, 2)} ${portfolio.currency}${live ? "" : " *"}`, "value"),
                  cell(portfolio.holdings.map((holding) => `${symbolOf(holding.stockId)} ×${holding.quantity}`).join(", "), "holdings muted"),
                  cell(describe("var"), "var"), cell(describe("es"), "es"));
                return row;
              });
              $("portfolios").tBodies[0].replaceChildren(...rows);
              $("portfolios").dataset.points = String(rows.length);
              $("risk-status").textContent = state.portfolioNote
                || (riskCount ? `risk as of ${new Date(latest).toISOString().slice(0, 19).replace("T", " ")} UTC` : "waiting for risk…");
            }

            let renderedAnomalies = null;
            function renderAnomalies() {
              const list = $("anomalies");
              if (renderedAnomalies === state.anomalies[0] && list.childElementCount === state.anomalies.length) return;
              renderedAnomalies = state.anomalies[0];
              const items = state.anomalies.map((anomaly) => {
                const item = document.createElement("li");
                const head = document.createElement("div");
                head.textContent = `${anomaly.symbol || symbolOf(anomaly.instrumentId)}: ${anomaly.description}`;
                const meta = document.createElement("div");
                meta.className = "meta";
                meta.textContent = `${anomaly.eventTime.slice(0, 19).replace("T", " ")} · ${anomaly.detector} · score ${number(anomaly.score, 2)} / ${number(anomaly.threshold, 2)}`;
                item.append(head, meta);
                return item;
              });
              if (items.length === 0) {
                const empty = document.createElement("li");
                empty.className = "muted";
                empty.textContent = "no anomalies yet";
                items.push(empty);
              }
              list.replaceChildren(...items);
              list.dataset.points = String(state.anomalies.length);
            }

            function renderPicker() {
              const chips = state.watch.map((id) => {
                const chip = document.createElement("li");
                chip.textContent = symbolOf(id);
                const remove = document.createElement("button");
                remove.type = "button";
                remove.title = "Remove " + symbolOf(id);
                remove.textContent = "×";
                remove.addEventListener("click", () => changeWatch(state.watch.filter((other) => other !== id)));
                chip.append(remove);
                return chip;
              });
              $("chosen").replaceChildren(...chips);
              const select = $("chart-instrument");
              select.replaceChildren(...state.watch.map((id) => new Option(symbolOf(id), id, false, id === state.chart.instrumentId)));
            }

            return { render, renderPicker };
          };
        })();
        """#
}
