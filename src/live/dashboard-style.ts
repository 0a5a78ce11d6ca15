/** The dashboard's style sheet: system fonts, no external resource. */
export const DASHBOARD_STYLE = `
:root {
  --bg: #f5f6f8;
  --card: #ffffff;
  --text: #1d2330;
  --muted: #6b7280;
  --line: #e3e6eb;
  --accent: #2f5bd3;
  --accent-dark: #2149b3;
  --green-bg: #e3f5e8;
  --green: #17703a;
  --amber-bg: #fdf1d8;
  --amber: #8a5a00;
  --red-bg: #fde5e4;
  --red: #a1231c;
  --grey-bg: #eceef2;
  --grey: #4b5563;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace;
}
* {
  box-sizing: border-box;
}
html,
body {
  margin: 0;
}
body {
  font:
    14px/1.45 system-ui,
    -apple-system,
    'Segoe UI',
    Roboto,
    'Helvetica Neue',
    Arial,
    sans-serif;
  color: var(--text);
  background: var(--bg);
}
h1 {
  font-size: 17px;
  margin: 0;
  font-weight: 600;
}
h2 {
  font-size: 14px;
  margin: 0 0 10px;
  font-weight: 600;
  display: flex;
  align-items: center;
  gap: 8px;
}
h3 {
  font-size: 13px;
  margin: 14px 0 6px;
  font-weight: 600;
  color: var(--grey);
}
.muted {
  color: var(--muted);
  font-weight: normal;
}
.spacer {
  flex: 1;
}
.top {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 10px 20px;
  background: var(--card);
  border-bottom: 1px solid var(--line);
  position: sticky;
  top: 0;
  z-index: 1;
}
.layout {
  display: grid;
  grid-template-columns: minmax(300px, 380px) minmax(0, 1fr);
  gap: 16px;
  padding: 16px 20px;
  align-items: start;
}
@media (max-width: 900px) {
  .layout {
    grid-template-columns: minmax(0, 1fr);
  }
}
.side,
.content {
  display: flex;
  flex-direction: column;
  gap: 16px;
  min-width: 0;
}
.card {
  background: var(--card);
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: 14px 16px;
  min-width: 0;
}
.count {
  background: var(--grey-bg);
  color: var(--grey);
  border-radius: 10px;
  padding: 0 7px;
  font-size: 12px;
  font-weight: 500;
}
.empty {
  color: var(--muted);
  margin: 6px 0 0;
}
.hint {
  color: var(--muted);
  font-size: 12px;
  margin: 4px 0 0;
  min-height: 1em;
}
.hint code {
  font-family: var(--mono);
  font-size: 11px;
  background: var(--grey-bg);
  border-radius: 3px;
  padding: 0 3px;
}

label {
  display: block;
  font-size: 12px;
  font-weight: 600;
  margin: 10px 0 4px;
}
input,
select,
textarea {
  width: 100%;
  font: inherit;
  color: inherit;
  background: #fff;
  border: 1px solid #cfd4dc;
  border-radius: 6px;
  padding: 6px 8px;
}
textarea {
  font-family: var(--mono);
  font-size: 12px;
  resize: vertical;
}
input:focus,
select:focus,
textarea:focus,
button:focus-visible,
tr:focus-visible {
  outline: 2px solid var(--accent);
  outline-offset: 1px;
}
.actions {
  margin-top: 10px;
  display: flex;
  gap: 8px;
}
button {
  font: inherit;
  font-weight: 600;
  border: 1px solid var(--accent);
  background: var(--accent);
  color: #fff;
  border-radius: 6px;
  padding: 5px 14px;
  cursor: pointer;
}
button:hover {
  background: var(--accent-dark);
}
button:disabled {
  opacity: 0.6;
  cursor: default;
}
button.secondary {
  background: #fff;
  color: var(--text);
  border-color: #cfd4dc;
  font-weight: 500;
}
button.secondary:hover {
  background: var(--bg);
}

.result:empty {
  display: none;
}
.result {
  margin-top: 10px;
  padding: 8px 10px;
  border-radius: 6px;
  font-size: 13px;
  overflow-wrap: anywhere;
}
.result.ok {
  background: var(--green-bg);
  color: var(--green);
}
.result.info {
  background: var(--grey-bg);
  color: var(--grey);
}
.result.error {
  background: var(--red-bg);
  color: var(--red);
}
.result ul {
  margin: 6px 0 0;
  padding-left: 18px;
}
.result code {
  font-family: var(--mono);
  font-size: 12px;
}

.pill {
  display: inline-block;
  border-radius: 999px;
  padding: 1px 9px;
  font-size: 12px;
  font-weight: 600;
  white-space: nowrap;
  background: var(--grey-bg);
  color: var(--grey);
}
.pill-green {
  background: var(--green-bg);
  color: var(--green);
}
.pill-amber {
  background: var(--amber-bg);
  color: var(--amber);
}
.pill-red {
  background: var(--red-bg);
  color: var(--red);
}

.table {
  width: 100%;
  border-collapse: collapse;
  font-size: 13px;
  table-layout: fixed;
}
.table th {
  text-align: left;
  font-size: 11px;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--muted);
  font-weight: 600;
  padding: 4px 8px;
  border-bottom: 1px solid var(--line);
}
.table td {
  padding: 6px 8px;
  border-bottom: 1px solid var(--line);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  vertical-align: middle;
}
.table .num {
  text-align: right;
  width: 70px;
}
.deliveries th:nth-child(1) {
  width: 112px;
}
.deliveries th:nth-child(2) {
  width: 28%;
}
.deliveries th:nth-child(4) {
  width: 112px;
}
.deliveries tbody tr {
  cursor: pointer;
}
.deliveries tbody tr:hover {
  background: #f2f5fc;
}
.deliveries tbody tr.selected {
  background: #e3eafb;
  box-shadow: inset 3px 0 0 var(--accent);
}
.deliveries tbody tr.fresh {
  animation: fresh 1.2s ease-out;
}
@keyframes fresh {
  from {
    background: #fff6cc;
  }
  to {
    background: transparent;
  }
}
.mono {
  font-family: var(--mono);
  font-size: 12px;
}

.subs {
  list-style: none;
  margin: 0;
  padding: 0;
}
.subs li {
  padding: 8px 0;
  border-top: 1px solid var(--line);
}
.subs li:first-child {
  border-top: 0;
  padding-top: 2px;
}
.subs .row {
  display: flex;
  align-items: center;
  gap: 8px;
}
.subs .name {
  font-weight: 600;
  overflow-wrap: anywhere;
}
.subs .url,
.subs .meta {
  font-size: 12px;
  color: var(--muted);
  overflow-wrap: anywhere;
}
.subs .url {
  font-family: var(--mono);
  color: var(--text);
}

.detail-head {
  display: flex;
  align-items: center;
  gap: 8px;
}
.detail-head h2 {
  margin: 0;
}
.facts {
  display: grid;
  grid-template-columns: max-content minmax(0, 1fr);
  gap: 3px 14px;
  margin: 10px 0 0;
  font-size: 13px;
}
.facts dt {
  color: var(--muted);
}
.facts dd {
  margin: 0;
  overflow-wrap: anywhere;
}
.headers {
  font-family: var(--mono);
  font-size: 12px;
  table-layout: auto;
}
.headers td {
  white-space: normal;
  overflow-wrap: anywhere;
  padding: 3px 8px;
}
.headers td:first-child {
  color: var(--muted);
  width: 1%;
  white-space: nowrap;
}
pre.code {
  margin: 0;
  background: #f7f8fa;
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 8px 10px;
  font: 12px/1.45 var(--mono);
  max-height: 360px;
  overflow: auto;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.attempt {
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 8px 10px;
  margin-top: 8px;
}
.attempt .row {
  display: flex;
  align-items: center;
  gap: 10px;
  flex-wrap: wrap;
  font-size: 13px;
}
.attempt .error {
  color: var(--red);
  margin-top: 4px;
  font-size: 13px;
}
details > summary {
  cursor: pointer;
  color: var(--grey);
  font-size: 12px;
  margin-top: 6px;
}
details > summary + * {
  margin-top: 6px;
}
`;
