import { DASHBOARD_ASSETS_PATH } from './dashboard-assets.js';

/** The page's entry module (src/live/dashboard/main.js), which imports the others beside it. */
export const DASHBOARD_JS_PATH = `${DASHBOARD_ASSETS_PATH}main.js`;
/** The page's style sheet (src/live/dashboard/style.css). */
export const DASHBOARD_CSS_PATH = `${DASHBOARD_ASSETS_PATH}style.css`;

/**
 * The dashboard's markup: a static shell with no data in it. The script fills it from the control
 * API and the WebSocket, building nodes with `textContent` only, so no payload is ever parsed as HTML.
 */
export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bird webhook emulator</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DASHBOARD_CSS_PATH}">
<script type="module" src="${DASHBOARD_JS_PATH}"></script>
</head>
<body>
<header class="top">
  <h1>Bird webhook emulator</h1>
  <span class="muted" id="version"></span>
  <span class="spacer"></span>
  <span class="pill" id="loadtest" role="status" aria-live="polite" hidden></span>
  <span class="pill pill-amber" id="connection" role="status" aria-live="polite">connecting</span>
</header>
<main class="layout">
  <aside class="side">
    <section class="card" aria-labelledby="fire-title">
      <h2 id="fire-title">Fire an event</h2>
      <form id="fire-form" novalidate>
        <label for="fire-event">Event</label>
        <select id="fire-event" name="event" required></select>
        <p class="hint" id="fire-description"></p>
        <label for="fire-workspace">Workspace id <span class="muted">(optional: every workspace)</span></label>
        <input id="fire-workspace" name="workspaceId" autocomplete="off" spellcheck="false" placeholder="a workspace UUID">
        <label for="fire-payload">Payload <span class="muted">(JSON, merged over a generated one)</span></label>
        <textarea id="fire-payload" name="payload" rows="8" spellcheck="false">{}</textarea>
        <div class="actions">
          <button type="submit" id="fire-submit">Fire</button>
        </div>
        <div id="fire-result" class="result" aria-live="polite"></div>
      </form>
    </section>
    <section class="card" aria-labelledby="subs-title">
      <h2 id="subs-title">Subscriptions <span class="count" id="subs-count">0</span></h2>
      <div id="subscriptions"><p class="empty">No subscription yet.</p></div>
    </section>
  </aside>
  <section class="content">
    <section class="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox <span class="count" id="outbox-count">0</span></h2>
      <table class="table outbox" id="outbox">
        <thead>
          <tr><th>Time</th><th>Channel</th><th>To</th><th>Subject or text</th><th>Status</th><th class="num">Steps</th></tr>
        </thead>
        <tbody id="outbox-body"></tbody>
      </table>
      <p class="empty" id="outbox-empty">No message sent yet: send one through Bird's send routes (the SDK with <code>baseUrl</code>, or the Channels API).</p>
    </section>
    <section class="card" id="message-detail" aria-labelledby="message-title" hidden>
      <div class="detail-head">
        <h2 id="message-title">Message</h2>
        <span class="spacer"></span>
        <button type="button" class="secondary" id="message-close" aria-label="Close the message">Close</button>
      </div>
      <div id="message-body"></div>
    </section>
    <section class="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries <span class="count" id="deliveries-count">0</span></h2>
      <table class="table deliveries" id="deliveries">
        <thead>
          <tr><th>Time</th><th>Event</th><th>URL</th><th>Status</th><th class="num">Attempts</th><th class="num">HTTP</th></tr>
        </thead>
        <tbody id="deliveries-body"></tbody>
      </table>
      <p class="empty" id="deliveries-empty">No delivery yet: fire an event that a subscription matches.</p>
    </section>
    <section class="card" id="detail" aria-labelledby="detail-title" hidden>
      <div class="detail-head">
        <h2 id="detail-title">Delivery</h2>
        <span class="spacer"></span>
        <button type="button" id="redeliver">Redeliver</button>
        <button type="button" class="secondary" id="detail-close" aria-label="Close the detail">Close</button>
      </div>
      <div id="detail-result" class="result" aria-live="polite"></div>
      <div id="detail-body"></div>
    </section>
  </section>
</main>
</body>
</html>
`;
}
