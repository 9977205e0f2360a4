/// The dashboard's application: sign-in (or `?token=`), the instrument picker, loading from `/api/v1`, the live
/// event stream read with `fetch` (reconnecting when it drops), and `window.tickflowDashboard.stats()`.
///
/// Kept in the binary (see ``Dashboard``): edit it here.
enum DashboardAppScript {
    static let javaScript = #"""
        "use strict";
        // The TickFlow dashboard: signs in (or takes ?token=), loads the instruments, latest quotes, bar history,
        // portfolios with their risk and recent anomalies from /api/v1, then follows the live event stream
        // (fetch + a stream reader: the stream needs the Authorization header, which EventSource cannot send),
        // reconnecting when it drops. window.tickflowDashboard.stats() reports what is rendered.
        (function () {
          const API = "/api/v1";
          const INTERVALS = { "1s": 1e3, "1m": 6e4, "5m": 3e5, "1h": 36e5, "1d": 864e5 };
          const DEFAULT_SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "JPM"];
          const CHART_CAPACITY = 120, MAX_ANOMALIES = 50, STREAM_SILENCE_MS = 45000;
          const $ = (id) => document.getElementById(id);
          const params = new URLSearchParams(location.search);

          const state = {
            token: null,
            stocks: new Map(), // instrument id → stock of /stocks
            bySymbol: new Map(), // SYMBOL → stock
            watch: [], // instrument ids of the price table, in order
            prices: new Map(), // instrument id → { bid, ask, last, dayOpen, time, barEnd }
            chart: { instrumentId: null, interval: "1s" },
            portfolios: [],
            portfolioNote: "",
            risk: new Map(), // portfolio id → Map(kind|method|confidence|horizon → metric)
            anomalies: [],
            events: { quote: 0, topOfBook: 0, bar: 0, risk: 0, anomaly: 0, instrument: 0 },
            stream: { state: "idle", connects: 0, generation: 0, controller: null, retry: 0, lastByte: 0 },
          };
          const chart = new window.TickFlowCandleChart($("candles"), CHART_CAPACITY);
          // Function declarations below are hoisted: the view can call back into them.
          const view = window.TickFlowDashboardView(state, chart, {
            symbolOf: (id) => symbolOf(id), priceOf: (id) => priceOf(id), millis: (iso) => millis(iso), changeWatch: (ids) => changeWatch(ids),
          });

          // ---- API ----
          async function api(path, options) {
            const request = Object.assign({ cache: "no-store" }, options || {});
            request.headers = Object.assign({ Accept: "application/json" }, request.headers || {});
            if (state.token) request.headers.Authorization = "Bearer " + state.token;
            const response = await fetch(API + path, request);
            if (response.status === 401 && state.token) signOut("Your session ended: sign in again.");
            if (!response.ok) {
              let message = "HTTP " + response.status;
              try {
                const body = await response.json();
                message = body.message || body.error || message;
              } catch (_) { /* not JSON */ }
              const error = new Error(message);
              error.status = response.status;
              throw error;
            }
            return response.status === 204 ? null : response.json();
          }

          const millis = (iso) => Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));
          const symbolOf = (id) => (state.stocks.get(id) || {}).symbol || id;
          const resolve = (text) => {
            const key = String(text || "").trim();
            return (state.bySymbol.get(key.toUpperCase()) || state.stocks.get(key) || {}).id;
          };
          const priceOf = (id) => {
            const price = state.prices.get(id);
            if (!price) return undefined;
            if (price.last != null) return price.last;
            return price.bid > 0 && price.ask > 0 ? (price.bid + price.ask) / 2 : undefined;
          };

          async function loadStocks() {
            let cursor = null;
            do {
              const page = await api("/stocks?limit=1000" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
              for (const stock of page.items) {
                state.stocks.set(stock.id, stock);
                state.bySymbol.set(stock.symbol.toUpperCase(), stock);
              }
              cursor = page.nextCursor;
            } while (cursor);
            const list = $("instrument-list");
            list.replaceChildren(...Array.from(state.bySymbol.values()).map((stock) => {
              const option = document.createElement("option");
              option.value = stock.symbol;
              option.label = stock.name;
              return option;
            }));
          }

          function chooseInstruments() {
            const named = (params.get("instruments") || sessionStorage.getItem("tickflow.instruments") || DEFAULT_SYMBOLS.join(","))
              .split(",").map(resolve).filter(Boolean);
            state.watch = Array.from(new Set(named));
            if (state.watch.length === 0) state.watch = Array.from(state.stocks.keys()).slice(0, 5);
            state.chart.instrumentId = resolve(params.get("chart")) || state.watch[0] || null;
            if (INTERVALS[params.get("interval")]) state.chart.interval = params.get("interval");
            $("chart-interval").value = state.chart.interval;
          }

          /// Instruments the stream follows: the table's and the portfolios' holdings (their values need prices).
          function followedInstruments() {
            const ids = new Set(state.watch);
            if (state.chart.instrumentId) ids.add(state.chart.instrumentId);
            for (const portfolio of state.portfolios) for (const holding of portfolio.holdings) ids.add(holding.stockId);
            return Array.from(ids);
          }

          async function loadQuotes() {
            const ids = followedInstruments();
            for (let start = 0; start < ids.length; start += 200) {
              const page = await api("/market-data/quotes?instrumentIds=" + encodeURIComponent(ids.slice(start, start + 200).join(",")));
              for (const item of page.items) {
                if (item.quote) applyQuote(item.quote);
                if (item.topOfBook) applyQuote(item.topOfBook);
              }
            }
            // Today's bar: the last trade and the day's open the change is measured from.
            const from = new Date(Date.now() - 2 * INTERVALS["1d"]).toISOString();
            await Promise.all(state.watch.map(async (id) => {
              const bars = await api(`/market-data/bars/${encodeURIComponent(id)}?interval=1d&from=${from}`);
              bars.items.forEach((bar) => applyBar(bar, false));
            }));
            invalidate();
          }

          async function loadChart() {
            const { instrumentId, interval } = state.chart;
            const key = instrumentId + "|" + interval;
            chart.reset(instrumentId ? "waiting for bars…" : "no instrument chosen");
            $("chart-title").textContent = instrumentId ? `${symbolOf(instrumentId)} · ${interval} bars` : "Bars";
            $("chart-note").textContent = "";
            invalidate();
            if (!instrumentId) return;
            const from = new Date(Date.now() - CHART_CAPACITY * INTERVALS[interval]).toISOString();
            try {
              const bars = await api(`/market-data/bars/${encodeURIComponent(instrumentId)}?interval=${interval}&from=${from}`);
              if (key !== state.chart.instrumentId + "|" + state.chart.interval) return;
              bars.items.forEach((bar) => chartBar(bar, false));
              $("chart-note").textContent = `history from ${bars.source}; live bars update it`;
            } catch (error) {
              $("chart-note").textContent = "bar history unavailable: " + error.message;
            }
            invalidate();
          }

          async function loadPortfolios() {
            try {
              const page = await api("/portfolios?limit=100");
              state.portfolios = page.items;
              state.portfolioNote = page.items.length ? "" : "No portfolios yet (POST /api/v1/portfolios creates one).";
            } catch (error) {
              state.portfolios = [];
              state.portfolioNote = error.status === 403 ? "Portfolios are for investors." : "Portfolios unavailable: " + error.message;
            }
            await Promise.all(state.portfolios.map(async (portfolio) => {
              try {
                const dashboard = await api("/risk/dashboard/" + encodeURIComponent(portfolio.id));
                dashboard.risk.forEach((metric) => applyRisk({ portfolioId: portfolio.id, metric }));
              } catch (_) { /* no risk yet: live risk events fill it in */ }
            }));
            invalidate();
          }

          async function loadAnomalies() {
            try {
              const page = await api("/market-data/anomalies?limit=" + MAX_ANOMALIES);
              state.anomalies = page.items.slice().sort((a, b) => millis(b.eventTime) - millis(a.eventTime));
            } catch (_) { state.anomalies = []; }
            invalidate();
          }

          // ---- Updates (from the endpoints and the live stream) ----
          function priceRecord(id) {
            let price = state.prices.get(id);
            if (!price) state.prices.set(id, (price = { bid: null, ask: null, last: null, dayOpen: null, time: 0, barEnd: 0 }));
            return price;
          }

          function applyQuote(quote) {
            const price = priceRecord(quote.instrumentId);
            const time = millis(quote.eventTime);
            if (time < price.quoteTime) return;
            price.quoteTime = time;
            price.bid = quote.bid;
            price.ask = quote.ask;
            price.time = Math.max(price.time, time);
          }

          function applyBar(bar, live) {
            const price = priceRecord(bar.instrumentId);
            const end = millis(bar.windowEnd);
            if (end >= price.barEnd) {
              price.barEnd = end;
              price.last = bar.close;
            }
            if (bar.interval === "1d" && (price.dayStart == null || millis(bar.windowStart) >= price.dayStart)) {
              price.dayStart = millis(bar.windowStart);
              price.dayOpen = bar.open;
            }
            chartBar(bar, live);
          }

          function chartBar(bar, live) {
            if (bar.instrumentId !== state.chart.instrumentId || bar.interval !== state.chart.interval) return;
            chart.upsert({
              start: millis(bar.windowStart), windowStart: bar.windowStart, open: bar.open, high: bar.high, low: bar.low,
              close: bar.close, volume: bar.volume, revision: bar.revision,
            }, live);
          }

          function applyRisk(event) {
            const metric = event.metric;
            if (metric.instrumentId || (metric.kind !== "var" && metric.kind !== "es")) return;
            if (!state.risk.has(event.portfolioId)) state.risk.set(event.portfolioId, new Map());
            state.risk.get(event.portfolioId).set([metric.kind, metric.method, metric.confidence, metric.horizonDays].join("|"), metric);
          }

          function applyAnomaly(anomaly) {
            state.anomalies.unshift(anomaly);
            state.anomalies.length = Math.min(state.anomalies.length, MAX_ANOMALIES);
          }

          function dispatch(block) {
            let name = "message";
            const data = [];
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) name = line.slice(6).trim();
              else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
            }
            if (data.length === 0) return;
            const payload = JSON.parse(data.join("\n"));
            if (name in state.events) state.events[name] += 1;
            if (name === "quote" || name === "topOfBook") applyQuote(payload);
            else if (name === "bar") applyBar(payload, true);
            else if (name === "risk") applyRisk(payload);
            else if (name === "anomaly") applyAnomaly(payload);
            invalidate();
          }

          // ---- The live stream ----
          function setStatus(status, text) {
            state.stream.state = status;
            const element = $("stream-status");
            element.dataset.state = status;
            element.textContent = text || status;
          }

          function connect() {
            const stream = state.stream;
            stream.generation += 1;
            const generation = stream.generation;
            if (stream.controller) stream.controller.abort();
            stream.controller = null;
            if (!state.token) return;
            const instruments = followedInstruments();
            const portfolios = state.portfolios.map((portfolio) => portfolio.id);
            if (instruments.length === 0 && portfolios.length === 0) return setStatus("idle", "nothing to follow");
            const query = new URLSearchParams();
            if (instruments.length) query.set("instrumentIds", instruments.join(","));
            if (portfolios.length) query.set("portfolioIds", portfolios.join(","));
            const controller = new AbortController();
            stream.controller = controller;
            setStatus(stream.connects ? "reconnecting" : "connecting", stream.connects ? "reconnecting…" : "connecting…");
            follow(query, controller.signal).then(() => "the stream ended", (error) => error.message).then((reason) => {
              if (generation !== stream.generation || !state.token) return; // replaced or signed out
              stream.retry = Math.min(Math.max(stream.retry * 2, 500), 10000);
              setStatus("reconnecting", `reconnecting in ${Math.round(stream.retry / 1000)} s (${reason})`);
              setTimeout(async () => {
                if (generation !== stream.generation) return;
                // Fill what was missed while disconnected, then follow again.
                await Promise.all([loadPortfolios(), refillChart()]).catch(() => {});
                await loadQuotes().catch(() => {});
                if (generation === stream.generation) connect();
              }, stream.retry);
            });
          }

          async function follow(query, signal) {
            const response = await fetch(`${API}/market-data/stream?${query}`, {
              headers: { Authorization: "Bearer " + state.token, Accept: "text/event-stream" }, signal, cache: "no-store",
            });
            if (response.status === 401) {
              signOut("Your session ended: sign in again.");
              throw new Error("unauthorized");
            }
            if (!response.ok || !response.body) throw new Error("the stream answered HTTP " + response.status);
            state.stream.connects += 1;
            state.stream.retry = 0;
            state.stream.lastByte = Date.now();
            setStatus("live", "live");
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            let buffer = "";
            for (;;) {
              const { value, done } = await reader.read();
              if (done) return;
              state.stream.lastByte = Date.now();
              buffer += decoder.decode(value, { stream: true });
              let cut;
              while ((cut = buffer.indexOf("\n\n")) >= 0) {
                const block = buffer.slice(0, cut);
                buffer = buffer.slice(cut + 2);
                try { dispatch(block); } catch (error) { console.warn("skipped an event:", error); }
              }
            }
          }

          /// The history of the chart from its newest bar on (bars missed while the stream was down).
          async function refillChart() {
            const { instrumentId, interval } = state.chart;
            const bars = chart.series();
            if (!instrumentId || bars.length === 0) return loadChart();
            const from = new Date(bars[bars.length - 1].start).toISOString();
            const page = await api(`/market-data/bars/${encodeURIComponent(instrumentId)}?interval=${interval}&from=${from}`);
            page.items.forEach((bar) => chartBar(bar, false));
          }

          // A stream silent for longer than three heartbeats is dead even if no error says so: start a new one.
          setInterval(() => {
            const stream = state.stream;
            if (stream.state === "live" && stream.controller && Date.now() - stream.lastByte > STREAM_SILENCE_MS) stream.controller.abort();
          }, 5000);

          // ---- Rendering ----
          let renderQueued = false;
          function invalidate() {
            if (renderQueued) return;
            renderQueued = true;
            setTimeout(() => {
              renderQueued = false;
              view.render();
            }, 100);
          }

          // ---- Instruments picker ----
          function changeWatch(ids) {
            state.watch = ids;
            sessionStorage.setItem("tickflow.instruments", ids.map(symbolOf).join(","));
            if (!ids.includes(state.chart.instrumentId)) {
              state.chart.instrumentId = ids[0] || null;
              loadChart();
            }
            view.renderPicker();
            loadQuotes().catch(() => {});
            connect();
            invalidate();
          }

          // ---- Session ----
          function showLogin(message) {
            $("app").hidden = true;
            $("logout").hidden = true;
            $("login").hidden = false;
            $("user").textContent = "";
            $("login-error").textContent = message || "";
            setStatus("idle", "signed out");
          }

          function signOut(message) {
            state.token = null;
            sessionStorage.removeItem("tickflow.token");
            state.stream.generation += 1;
            if (state.stream.controller) state.stream.controller.abort();
            showLogin(message);
          }

          function describeUser(token) {
            try {
              const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
              return claims.role ? `${claims.role} ${String(claims.sub).slice(0, 8)}…` : "";
            } catch (_) { return ""; }
          }

          async function enter() {
            $("login").hidden = true;
            $("app").hidden = false;
            $("logout").hidden = false;
            $("user").textContent = describeUser(state.token);
            setStatus("connecting", "loading…");
            try {
              await loadStocks();
            } catch (error) {
              setStatus("error", "cannot load the instruments: " + error.message);
              return;
            }
            chooseInstruments();
            view.renderPicker();
            // The portfolios first: their holdings' quotes are loaded and followed too.
            await Promise.all([loadChart(), loadPortfolios(), loadAnomalies()]);
            await loadQuotes().catch(() => {});
            connect();
          }

          $("login-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            $("login-error").textContent = "";
            try {
              const tokens = await api("/users/login", {
                method: "POST", headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ email: $("email").value, password: $("password").value }),
              });
              state.token = tokens.accessToken;
              sessionStorage.setItem("tickflow.token", state.token);
              $("password").value = "";
              await enter();
            } catch (error) {
              $("login-error").textContent = error.message;
            }
          });
          $("logout").addEventListener("click", () => signOut());
          $("add-form").addEventListener("submit", (event) => {
            event.preventDefault();
            const id = resolve($("instrument-search").value);
            if (!id) {
              $("instrument-search").setCustomValidity("unknown instrument");
              $("instrument-search").reportValidity();
              return;
            }
            $("instrument-search").setCustomValidity("");
            $("instrument-search").value = "";
            if (!state.watch.includes(id)) changeWatch(state.watch.concat([id]));
          });
          $("chart-instrument").addEventListener("change", (event) => {
            state.chart.instrumentId = event.target.value;
            loadChart();
          });
          $("chart-interval").addEventListener("change", (event) => {
            state.chart.interval = event.target.value;
            loadChart();
          });
          window.addEventListener("resize", invalidate);

          /// What the page rendered, for scripted checks (the end-to-end test reads it).
          window.tickflowDashboard = {
            stats() {
              const bars = chart.series();
              const bar = (value) => value && { windowStart: value.windowStart, open: value.open, high: value.high, low: value.low, close: value.close };
              return {
                signedIn: Boolean(state.token),
                stream: state.stream.state,
                connects: state.stream.connects,
                events: Object.assign({}, state.events),
                prices: {
                  rows: state.watch.length,
                  points: Number($("prices").dataset.points),
                  symbols: state.watch.map(symbolOf),
                  instrumentIds: state.watch.slice(),
                },
                candles: {
                  instrumentId: state.chart.instrumentId,
                  symbol: state.chart.instrumentId ? symbolOf(state.chart.instrumentId) : null,
                  interval: state.chart.interval,
                  points: chart.drawn,
                  liveUpdates: chart.liveUpdates,
                  first: bar(bars[0]),
                  last: bar(bars[bars.length - 1]),
                },
                portfolios: { count: state.portfolios.length, riskMetrics: Array.from(state.risk.values()).reduce((sum, map) => sum + map.size, 0) },
                anomalies: state.anomalies.length,
              };
            },
          };

          // ?token= (scripted use) is kept for the session and taken out of the address bar.
          if (params.get("token")) {
            sessionStorage.setItem("tickflow.token", params.get("token"));
            const rest = new URLSearchParams(params);
            rest.delete("token");
            history.replaceState(null, "", location.pathname + (rest.toString() ? "?" + rest : ""));
          }
          state.token = sessionStorage.getItem("tickflow.token");
          if (state.token) enter(); else showLogin();
        })();
        """#
}
