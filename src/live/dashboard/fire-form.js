// @ts-check
/** @import { FireEventInput } from '../../domain/fire-input.js' */
/** @import { CatalogEntry } from './control-api.js' */
import { errorView, fireEvent, getCatalog } from './control-api.js';
import { byId, h, showResult } from './dom.js';
import { isEndpoint, newestSubscription } from './subscriptions.js';

/** The form that fires an event: `POST /_emulator/events`, with the catalogue's events to choose from. */

/** @type {CatalogEntry[]} */
let catalog = [];
/** Once the user picks an event, the form stops suggesting one. */
let eventChosenByUser = false;

const eventSelect = () => byId('fire-event', HTMLSelectElement);

/** Wires the form's controls. */
export function watchFireForm() {
  byId('fire-form').addEventListener('submit', (event) => void fire(event));
  eventSelect().addEventListener('change', () => {
    eventChosenByUser = true;
    describeEvent();
  });
}

/** Fills the event list from the catalogue, grouped by service. */
export async function loadCatalog() {
  try {
    const answer = await getCatalog();
    if (!answer.ok) throw new Error(answer.data && answer.data.message);
    catalog = answer.data.results;
  } catch (error) {
    showResult(byId('fire-result'), 'error', 'Could not load the catalogue: ' + String(error));
    return;
  }
  /** @type {Map<string, HTMLOptionElement[]>} */
  const byService = new Map();
  catalog.forEach((entry, index) => {
    // The platform API has no services: its events are one group.
    const group = entry.service ?? 'platform API';
    const options = byService.get(group) ?? [];
    options.push(h('option', { value: index }, entry.name + (entry.documented === false ? ' (undocumented)' : '')));
    byService.set(group, options);
  });
  eventSelect().replaceChildren(...[...byService].map(([service, options]) => h('optgroup', { label: service }, options)));
  suggestEvent();
  describeEvent();
}

/** Until the user picks one, preselects the event of the newest subscription: the likeliest to fire. */
export function suggestEvent() {
  if (eventChosenByUser || catalog.length === 0) return;
  const newest = newestSubscription();
  if (!newest) return;
  const index = isEndpoint(newest)
    ? catalog.findIndex((entry) => entry.api === 'platform' && newest.events.includes(entry.name))
    : catalog.findIndex((entry) => entry.service === newest.service && entry.name === newest.event);
  if (index >= 0) {
    eventSelect().value = String(index);
    describeEvent();
  }
}

/** The catalogue's descriptions mark values with backquotes, as Markdown does: those show as code. */
function describeEvent() {
  const entry = catalog[Number(eventSelect().value)];
  const parts = String((entry && entry.description) || '').split('`');
  byId('fire-description').replaceChildren(...parts.map((part, index) => (index % 2 === 1 ? h('code', null, part) : part)));
}

/** @param {SubmitEvent} event */
async function fire(event) {
  event.preventDefault();
  const result = byId('fire-result');
  const entry = catalog[Number(eventSelect().value)];
  if (!entry) {
    showResult(result, 'error', 'Choose an event.');
    return;
  }
  /** @type {unknown} */
  let payload;
  try {
    payload = JSON.parse(byId('fire-payload', HTMLTextAreaElement).value.trim() || '{}');
  } catch (error) {
    showResult(result, 'error', 'The payload is not valid JSON: ' + (error instanceof Error ? error.message : String(error)));
    return;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    showResult(result, 'error', 'The payload must be a JSON object, e.g. {}.');
    return;
  }
  /** @type {FireEventInput} */
  const input = { event: entry.name, api: entry.api, payload: /** @type {Record<string, unknown>} */ (payload) };
  if (entry.service) input.service = entry.service;
  const workspaceId = byId('fire-workspace', HTMLInputElement).value.trim();
  if (workspaceId) input.workspaceId = workspaceId;
  const button = byId('fire-submit', HTMLButtonElement);
  button.disabled = true;
  try {
    const answer = await fireEvent(input);
    if (!answer.ok) {
      showResult(result, 'error', errorView(answer.status, answer.data));
      return;
    }
    const fired = answer.data;
    const count = fired.deliveries.length;
    showResult(
      result,
      count > 0 ? 'ok' : 'info',
      'Fired ' + fired.event + ' ',
      h('span', { class: 'mono' }, fired.id),
      count > 0 ? ': ' + count + (count === 1 ? ' delivery.' : ' deliveries.') : '. ' + (fired.message || 'No subscription matched.'),
    );
  } catch (error) {
    showResult(result, 'error', 'The request failed: ' + String(error));
  } finally {
    button.disabled = false;
  }
}
