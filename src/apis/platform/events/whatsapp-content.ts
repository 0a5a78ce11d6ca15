import * as z from 'zod';
import { digits, INBOUND_TEXTS, messageText, personName } from '../../../catalogue/fake-data.js';
import type { Random } from '../../../random.js';
import { typedId } from '../ids.js';
import { openEnum, typedIdSchema } from './schema-parts.js';

// What a contact can send in a `whatsapp.received` message: one content field, named by its kind.

const WhatsAppTextSchema = z.looseObject({ body: z.string() });

/** `WhatsAppMedia`: every field optional (the id and MIME type are absent on outbound messages). */
const WhatsAppMediaSchema = z.looseObject({
  id: typedIdSchema('waf').optional(),
  url: z.string().optional(),
  mime_type: z.string().optional(),
});

const WhatsAppLocationSchema = z.looseObject({
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

/** `WhatsAppContactCard`: "Nothing here is required." */
const WhatsAppContactCardSchema = z.looseObject({
  origin: z.string().optional(),
  vcard: z.string().optional(),
  name: z
    .looseObject({
      formatted_name: z.string().optional(),
      first_name: z.string().optional(),
      middle_name: z.string().optional(),
      last_name: z.string().optional(),
      prefix: z.string().optional(),
      suffix: z.string().optional(),
    })
    .optional(),
  org: z.looseObject({ company: z.string().optional(), department: z.string().optional(), title: z.string().optional() }).optional(),
  birthday: z.string().optional(),
  phone_numbers: z.array(z.looseObject({ phone_number: z.string().optional(), type: z.string().optional() })).optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
  urls: z.array(z.looseObject({ url: z.string().optional(), type: z.string().optional() })).optional(),
  addresses: z
    .array(
      z.looseObject({
        street: z.string().optional(),
        city: z.string().optional(),
        state: z.string().optional(),
        zip: z.string().optional(),
        country: z.string().optional(),
        country_code: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
});

const INTERACTIVE_REPLY_TYPES = ['button', 'list'] as const;

const WhatsAppInteractiveReplySchema = z.looseObject({
  type: openEnum(INTERACTIVE_REPLY_TYPES),
  button: z.looseObject({ slug: z.string(), text: z.string() }).optional(),
  list: z.looseObject({ slug: z.string(), text: z.string(), description: z.string().optional() }).optional(),
});

/** The content fields of `EventWhatsAppReceivedData`, each optional. */
export const WhatsAppContentShape = {
  text: WhatsAppTextSchema.optional(),
  image: WhatsAppMediaSchema.extend({ caption: z.string().optional() }).optional(),
  video: WhatsAppMediaSchema.extend({ caption: z.string().optional() }).optional(),
  audio: WhatsAppMediaSchema.extend({ voice: z.boolean().optional() }).optional(),
  sticker: WhatsAppMediaSchema.extend({ animated: z.boolean().optional() }).optional(),
  document: WhatsAppMediaSchema.extend({ caption: z.string().optional(), filename: z.string().optional() }).optional(),
  location: WhatsAppLocationSchema.optional(),
  contact_cards: z.array(WhatsAppContactCardSchema).optional(),
  interactive_reply: WhatsAppInteractiveReplySchema.optional(),
  unsupported: z.looseObject({ type: z.string() }).optional(),
};
type WhatsAppContent = z.output<z.ZodObject<typeof WhatsAppContentShape>>;

/** A stored inbound file: Bird's media URL for the message, with the file's `waf_` id. */
function media(random: Random, whatsappId: string, receivedAt: number, mimeType: string) {
  const id = typedId(random, 'waf', receivedAt);
  return { id, url: `https://platform.bird.com/v1/whatsapp/messages/${whatsappId}/media/${id}`, mime_type: mimeType };
}

const PLACES = [
  { latitude: 52.3702, longitude: 4.8952, name: 'Dam Square', address: 'Dam, 1012 JS Amsterdam' },
  { latitude: 40.7484, longitude: -73.9857, name: 'Empire State Building', address: '20 W 34th St, New York, NY 10001' },
  { latitude: 51.5007, longitude: -0.1246, name: 'Big Ben', address: 'London SW1A 0AA' },
] as const;

const QUICK_REPLIES = [
  { slug: 'confirm', text: 'Confirm' },
  { slug: 'reschedule', text: 'Reschedule' },
  { slug: 'talk_to_agent', text: 'Talk to an agent' },
] as const;

/**
 * What a contact sent, one kind per message, text most often. `whatsappId` and `receivedAt` place
 * stored media under the message; `phoneNumber` is the contact's, for a shared contact card.
 */
export function whatsAppContent(random: Random, whatsappId: string, receivedAt: number, phoneNumber: string): WhatsAppContent {
  const draw = random.next();
  if (draw < 0.5) return { text: { body: messageText(random, INBOUND_TEXTS) } };
  if (draw < 0.6) return { image: { ...media(random, whatsappId, receivedAt, 'image/jpeg'), caption: 'This is the damaged box' } };
  if (draw < 0.7) return { audio: { ...media(random, whatsappId, receivedAt, 'audio/ogg; codecs=opus'), voice: true } };
  if (draw < 0.75) return { location: { ...random.pick(PLACES) } };
  if (draw < 0.8)
    return { document: { ...media(random, whatsappId, receivedAt, 'application/pdf'), filename: `invoice-${digits(random, 6)}.pdf` } };
  if (draw < 0.9) return { interactive_reply: { type: 'button', button: { ...random.pick(QUICK_REPLIES) } } };
  if (draw < 0.95) {
    const name = personName(random);
    // A tap on a "share your number" button: WhatsApp sends the number alone, no vCard.
    return {
      contact_cards: [
        { origin: 'contact_request', name: { formatted_name: name }, phone_numbers: [{ phone_number: phoneNumber, type: 'cell' }] },
      ],
    };
  }
  if (draw < 0.98) return { sticker: { ...media(random, whatsappId, receivedAt, 'image/webp'), animated: false } };
  return { unsupported: { type: 'unsupported' } };
}
