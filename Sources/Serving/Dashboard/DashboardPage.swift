/// The dashboard's page: its panels (sign-in, instruments, live prices, candlestick chart, portfolios with
/// VaR, anomalies); the style sheet and scripts it loads are served next to it.
///
/// Kept in the binary (see ``Dashboard``): edit it here.
enum DashboardPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>TickFlow dashboard</title>
        <link rel="stylesheet" href="/dashboard/style.css">
        </head>
        <body>
        <header>
          <h1>TickFlow</h1>
          <span id="stream-status" class="status" data-state="idle">signed out</span>
          <span id="user"></span>
          <button id="logout" type="button" hidden>Sign out</button>
        </header>
        <section id="login" class="panel" hidden>
          <form id="login-form">
            <h2>Sign in</h2>
            <label>E-mail <input id="email" type="email" autocomplete="username" required></label>
            <label>Password <input id="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            <p id="login-error" class="error" role="alert"></p>
          </form>
        </section>
        <main id="app" hidden>
          <section class="panel wide" id="picker">
            <h2>Instruments</h2>
            <form id="add-form">
              <input id="instrument-search" list="instrument-list" placeholder="Symbol, e.g. AAPL" autocomplete="off">
              <datalist id="instrument-list"></datalist>
              <button type="submit">Add</button>
            </form>
            <ul id="chosen" class="chips"></ul>
            <label>Chart <select id="chart-instrument"></select></label>
            <label>Interval <select id="chart-interval">
              <option value="1s">1s</option><option value="1m">1m</option><option value="5m">5m</option>
              <option value="1h">1h</option><option value="1d">1d</option>
            </select></label>
          </section>
          <section class="panel">
            <h2>Live prices</h2>
            <table id="prices" data-points="0">
              <thead><tr><th>Symbol</th><th>Last</th><th>Bid</th><th>Ask</th><th title="Since today's open, or since this page first saw a price while no daily bar has closed">Change</th><th>%</th><th>Updated</th></tr></thead>
              <tbody></tbody>
            </table>
          </section>
          <section class="panel">
            <h2 id="chart-title">Bars</h2>
            <canvas id="candles" width="720" height="320" data-points="0"></canvas>
            <p id="chart-note" class="note"></p>
          </section>
          <section class="panel">
            <h2>Portfolios</h2>
            <table id="portfolios" data-points="0">
              <thead><tr><th>Portfolio</th><th>Value</th><th>Holdings</th><th>VaR</th><th>ES</th></tr></thead>
              <tbody></tbody>
            </table>
            <p id="risk-status" class="note">waiting for risk…</p>
          </section>
          <section class="panel">
            <h2>Anomalies</h2>
            <ul id="anomalies" class="anomalies" data-points="0"></ul>
          </section>
        </main>
        <script src="/dashboard/chart.js"></script>
        <script src="/dashboard/view.js"></script>
        <script src="/dashboard/app.js"></script>
        </body>
        </html>
        """#
}
