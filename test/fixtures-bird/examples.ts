import { readFileSync } from 'node:fs';
import type { Payload } from '../../src/catalogue/types.js';
import type { Service } from '../../src/domain/subscription.js';

/**
 * Every example webhook payload Bird publishes for an event the emulator has, copied from the page
 * named in `source` (collected for issue 12; the JSON files sit beside this one). Bird's values are
 * kept; repairs of Bird's invalid JSON are listed in `note`; whitespace is prettier's.
 *
 * Not here: LINE's text-with-emoji example and Apple Messages' examples (the first is cut off in
 * `parts`, the second is of a platform the emulator does not have: Bird's page does not name its
 * event).
 */
export interface BirdExample {
  /** The file beside this one. */
  file: string;
  service: Service;
  event: string;
  /** The page Bird publishes it on. */
  source: string;
  /**
   * - `payload`: Bird shows the payload (for messages, the message object a delivery wraps);
   * - `body`: Bird shows the whole delivery body `{service, event, payload}`;
   * - `fragment`: Bird shows part of a payload ("a snippet of the actual entire message object");
   * - `api-object`: Bird shows the object in an API answer (`{results: [object]}`), not a delivery.
   */
  kind: 'payload' | 'body' | 'fragment' | 'api-object';
  note?: string;
  /** The override that asks the generator for this example's variant; absent: the event's default. */
  variant?: Payload;
  /**
   * How the generated payload's shape may differ from this example, and why. Absent: exactly
   * Bird's shape. `onlyGenerated` are paths Bird's newer examples of the event add.
   */
  differs?: { reason: string; onlyGenerated?: readonly string[]; onlyBird?: readonly string[] };
}

const DOCS = 'https://docs.bird.com/api';
const RECEIVING = (platform: string) => `${DOCS}/channels-api/supported-channels/programmable-${platform}/receiving-messages`;
const WHATSAPP = RECEIVING('whatsapp');

/** WhatsApp's 2022 examples predate the fields its December 2023 delivery (message-status page) shows. */
const OLDER_WHATSAPP = {
  reason: 'Bird’s 2022 WhatsApp examples predate the fields of its December 2023 WhatsApp delivery, which the generator follows.',
  onlyGenerated: ['meta', 'reference', 'reason', 'receiver.connector.identifierValue'],
} as const;

/** The body of a `file` example: a file is told apart by its contentType, given with its media URL. */
function fileBody(file: string): Payload {
  return { body: (readExample(file) as { body: Payload }).body };
}

export const BIRD_EXAMPLES: readonly BirdExample[] = [
  { file: 'sms.inbound--text.json', service: 'channels', event: 'sms.inbound', source: RECEIVING('sms'), kind: 'payload' },
  {
    file: 'whatsapp.inbound--text.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--image.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    variant: { body: { type: 'image' } },
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--sticker.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    note: 'Repaired: a trailing comma after receiver.connector.id removed.',
    variant: fileBody('whatsapp.inbound--sticker.json'),
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--document.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    variant: { body: { type: 'file' } },
    differs: { ...OLDER_WHATSAPP, onlyGenerated: ['meta', 'reason', 'receiver.connector.identifierValue'] },
  },
  {
    file: 'whatsapp.inbound--video.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    variant: fileBody('whatsapp.inbound--video.json'),
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--location.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    variant: { body: { type: 'location' } },
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--audio.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    variant: fileBody('whatsapp.inbound--audio.json'),
    differs: OLDER_WHATSAPP,
  },
  {
    file: 'whatsapp.inbound--interactive-reply.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: WHATSAPP,
    kind: 'payload',
    differs: { reason: 'Bird’s January 2023 example predates the meta of its December 2023 delivery.', onlyGenerated: ['meta'] },
  },
  {
    file: 'whatsapp.inbound--message-status-page.json',
    service: 'channels',
    event: 'whatsapp.inbound',
    source: `${DOCS}/channels-api/message-status-and-interactions`,
    kind: 'body',
    note:
      'The page shows the opening of this body; the rest is from the copy of the same example in Pipedream’s MessageBird ' +
      'component (https://app.unpkg.com/@pipedream/messagebird@0.1.0/files/sources/new-message-received/test-event.mjs).',
  },
  {
    file: 'email.inbound--html.json',
    service: 'channels',
    event: 'email.inbound',
    source: RECEIVING('email'),
    kind: 'payload',
    note:
      'Repaired: a missing comma after body.html.text added; the address is from the docs.messagebird.com mirror (docs.bird.com hides it). ' +
      'sender.contact.id has 11 digits in its last group, as Bird shows it.',
  },
  { file: 'line.inbound--text.json', service: 'channels', event: 'line.inbound', source: RECEIVING('line'), kind: 'payload' },
  { file: 'rcs.inbound--text.json', service: 'channels', event: 'rcs.inbound', source: RECEIVING('rcs'), kind: 'payload' },
  {
    file: 'rcs.inbound--quick-reply-button.json',
    service: 'channels',
    event: 'rcs.inbound',
    source: RECEIVING('rcs'),
    kind: 'payload',
    note: 'Repaired: the connector’s address, hidden by docs.bird.com, is the one the same connector shows in the text example.',
    variant: { body: { text: { actions: [{ type: 'postback', postback: { text: 'Reply action 1', payload: 'item_1' } }] } } },
  },
  { file: 'telegram.inbound--text.json', service: 'channels', event: 'telegram.inbound', source: RECEIVING('telegram'), kind: 'payload' },
  {
    file: 'sms.outbound--delivery-failed-snippet.json',
    service: 'channels',
    event: 'sms.outbound',
    source: `${DOCS}/channels-api/message-status-and-interactions/message-failure-sources`,
    kind: 'fragment',
    note: 'Repaired: Bird’s fragment wrapped in braces and the brace closing failure added.',
    variant: { status: 'delivery_failed' },
  },
  {
    file: 'sms.outbound--delivery-failed-network-error-snippet.json',
    service: 'channels',
    event: 'sms.outbound',
    source: `${DOCS}/channels-api/message-status-and-interactions/message-failure-sources/sms-platform-extended-error-codes`,
    kind: 'fragment',
    note: 'Repaired: Bird’s fragment wrapped in braces and its trailing comma removed.',
    variant: { status: 'delivery_failed' },
  },
  {
    file: 'email.outbound--message-status-page-object.json',
    service: 'channels',
    event: 'email.outbound',
    source: `${DOCS}/channels-api/supported-channels/programmable-email/message-status`,
    kind: 'payload',
    note: 'A schema illustration with placeholder values ("string", additionalProp1): accepted and delivered as it is, but not a delivery to copy.',
    variant: { status: 'accepted' },
    differs: {
      reason:
        'Bird’s object is its message schema filled with placeholders: it has no receiver and shows the template and details of ' +
        'messages sent from a template; the generator sends a realistic delivered e-mail with its html body.',
      onlyGenerated: ['receiver', 'body.html'],
      onlyBird: ['sender.connector.annotations', 'template', 'details'],
    },
  },
  {
    file: 'email.interaction--list-api-placeholder.json',
    service: 'channels',
    event: 'email.interaction',
    source: `${DOCS}/channels-api/supported-channels/programmable-email/message-interactions`,
    kind: 'api-object',
    note: 'The interaction object of the List-interactions API with GitBook’s placeholders; ANY_ADDITIONAL_PROPERTY is GitBook’s rendering, not a field.',
    variant: { type: 'clicked', receiver: { connector: {} } },
    differs: {
      reason:
        'The API object shows every metadata kind at once and a context and connector whose meaning Bird does not give; a generated ' +
        'click carries only its link.',
      onlyBird: [
        'context',
        'metadata.button',
        'metadata.reaction',
        'metadata.conversion',
        'metadata.prefetched',
        'metadata.ANY_ADDITIONAL_PROPERTY',
        'receiver.connector.annotations',
        'receiver.connector.types',
      ],
    },
  },
  {
    file: 'tfn.verification--verified.json',
    service: 'numbers',
    event: 'tfn.verification',
    source: `${DOCS}/numbers-api/api-reference/toll-free-numbers-verification-api/events`,
    kind: 'payload',
  },
  {
    file: 'tfn.verification--rejected.json',
    service: 'numbers',
    event: 'tfn.verification',
    source: `${DOCS}/numbers-api/api-reference/toll-free-numbers-verification-api/events`,
    kind: 'payload',
    variant: { status: 'rejected' },
  },
  {
    file: '10dlc.brand--pending.json',
    service: 'numbers',
    event: '10dlc.brand',
    source: `${DOCS}/numbers-api/api-reference/10dlc-compliance/events`,
    kind: 'body',
    note: 'Repaired: Bird’s leading label "brand": removed; the address is from the GitBook markdown rendering.',
  },
  {
    file: '10dlc.campaign--pending.json',
    service: 'numbers',
    event: '10dlc.campaign',
    source: `${DOCS}/numbers-api/api-reference/10dlc-compliance/events`,
    kind: 'body',
    note: 'Repaired: Bird’s leading label "campaign": and one surplus closing brace removed.',
  },
  {
    file: 'conversation.updated--facebook-contact.json',
    service: 'conversations',
    event: 'conversation.updated',
    source: `${DOCS}/conversations-api/api-reference/events`,
    kind: 'body',
    note:
      'Cut off inside lastMessage.sender.contact.platformAddress in every stored rendering: closed there, with the value the same ' +
      'contact shows twice above.',
    differs: {
      reason: 'Bird’s example ends inside lastMessage.sender: what follows it is not known.',
      onlyGenerated: ['createdAt', 'updatedAt'],
    },
  },
];

export function readExample(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
}

/** The payload of an example: the file itself, the body's `payload`, or the API answer's object. */
export function examplePayload(example: BirdExample): Payload {
  const json = readExample(example.file) as Payload;
  if (example.kind === 'body') return json.payload as Payload;
  if (example.kind === 'api-object') return (json.results as Payload[])[0] as Payload;
  return json;
}
