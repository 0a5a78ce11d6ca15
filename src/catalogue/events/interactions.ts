import type { Random } from '../../random.js';
import { defineEvent } from '../define-event.js';
import { digits, isoTimestamp } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { overrideHas, overrideString } from '../read-path.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { INTERACTION_TYPES, type InteractionType, type Platform } from '../vocabulary.js';
import { InteractionSchema, type Interaction } from './message-schemas.js';
import { MESSAGE_STATUS_PAGE, messageParties, profileOf, type PlatformProfile } from './platforms.js';

// Bird's object shows the tags a message was sent with; the generator always gives at least one.
const MESSAGE_TAGS = [['onboarding'], ['order-update'], ['promo', 'spring-sale']] as const;

/** The platforms with their own message-interactions page at Bird. */
const INTERACTION_PAGES: Partial<Record<Platform, string>> = Object.fromEntries(
  (['email', 'sms', 'whatsapp', 'line'] as const).map((platform) => [
    platform,
    `https://docs.bird.com/api/channels-api/supported-channels/programmable-${platform}/message-interactions`,
  ]),
);

/**
 * `details` and `metadata` of an interaction. Bird documents codes, not prose, in `details`: for
 * e-mail `initial_open`, `click`, `spam_complaint`, `list_unsubscribe`; for a WhatsApp or LINE
 * button `item_<n>_clicked` with `metadata.button.payload`. Where it documents none, `details` is
 * empty (ours).
 */
function detailsOf(profile: PlatformProfile, type: InteractionType, random: Random): Pick<Interaction, 'details' | 'metadata'> {
  if (type === 'reaction') return { details: '', metadata: { reaction: { emoji: '👍', action: 'react' } } };
  if (profile.platform === 'email') {
    const link = { name: 'Track your order', url: `https://example.com/orders/${digits(random, 6)}` };
    if (type === 'clicked') return { details: 'click', metadata: { link } };
    const codes: Partial<Record<InteractionType, string>> = {
      opened: 'initial_open',
      'reported-as-spam': 'spam_complaint',
      'unsubscribe-request': 'list_unsubscribe',
    };
    return { details: codes[type] ?? '' };
  }
  if (type !== 'clicked') return { details: '' };
  if (profile.platform === 'whatsapp' || profile.platform === 'line') {
    const item = random.int(0, 2);
    return { details: `item_${item}_clicked`, metadata: { button: { payload: `item_${item}` } } };
  }
  // A tracked short link in the text (SMS and the rest).
  return { details: '', metadata: { link: { name: 'Track your order', url: `https://example.com/l/${random.string(8)}` } } };
}

/** Options of {@link generateInteraction}. */
export interface GenerateInteractionOptions {
  platform: Platform;
  /** @default the override's `type` when it is an interaction type, else the platform's typical one: `opened` for e-mail, `clicked` for SMS, `read` otherwise */
  type?: InteractionType;
}

/**
 * Makes an interaction with a sent message (`<platform>.interaction`). `receiver` is the contact
 * the message went to; an override that gives `receiver.connector` gets the connector instead, the
 * other shape Bird documents.
 */
export function generateInteraction(options: GenerateInteractionOptions, context: GenerateContext): Interaction {
  const { random, now } = context;
  const profile = profileOf(options.platform);
  const requested = overrideString(context, 'type');
  const type = options.type ?? INTERACTION_TYPES.find((t) => t === requested) ?? profile.defaultInteraction;
  const { channelId, connector, contact } = messageParties(profile, random);
  const receiver = overrideHas(context, 'receiver.connector') ? { connector } : { contacts: [contact] };
  const id = random.uuid();
  return {
    id,
    messageId: random.uuid(),
    channelId,
    platformId: profile.platformId,
    type,
    messageReference: `order-${digits(random, 6)}`,
    messagePartsCount: 1,
    messageTags: [...random.pick(MESSAGE_TAGS)],
    receiver,
    createdAt: isoTimestamp(now),
    ...detailsOf(profile, type, random),
  };
}

function interactionSource(profile: PlatformProfile): EventSource {
  return {
    payload: 'partial',
    urls: [...new Set([INTERACTION_PAGES[profile.platform] ?? MESSAGE_STATUS_PAGE, MESSAGE_STATUS_PAGE])],
    ours:
      'Bird publishes no interaction webhook: the fields follow the interaction object of its List-interactions API (without context, whose ' +
      'meaning it does not give); details codes follow its prose where it gives them and are empty otherwise; receiver is the contacts ' +
      '(Bird’s SMS page), the connector of the API object is reachable by override.',
  };
}

/** `<platform>.interaction`; its `platformId` filter matches the platform the event is for. */
export function interactionEvent(profile: PlatformProfile): EventDefinition {
  const { platform, label } = profile;
  return defineEvent({
    name: `${platform}.interaction`,
    service: 'channels',
    filterKeys: bindFilterKeys({ channelId: 'channelId', interactionType: 'type', platformId: { value: profile.platformId } }),
    source: interactionSource(profile),
    description: `A recipient interacted with a sent ${label} message (generated as \`${profile.defaultInteraction}\`).`,
    payloadSchema: InteractionSchema,
    generate: (context) => generateInteraction({ platform }, context),
  });
}
