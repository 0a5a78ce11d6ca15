import type { Random } from '../../random.js';

/**
 * Message bodies as Bird's receiving-messages pages show them. A body is `{type, <type>: {...}}`;
 * WhatsApp stickers, documents, videos and audio all arrive as `file`, told apart by `contentType`.
 */

export type MessageBody = { type: string } & Record<string, unknown>;

export interface BodyOptions {
  type: string;
  /** The message's text (the text body, and the html body's text part). */
  text: string;
  /** The message's id: media URLs name it. */
  messageId: string;
}

/** Places with a street address and a label, as Bird's location example. */
const PLACES = [
  { latitude: 52.359917, longitude: 4.855734, address: 'Trompenburgstraat 2C, Amsterdam, North Holland 1079 TX', label: 'MessageBird' },
  { latitude: 51.507351, longitude: -0.127758, address: 'Trafalgar Square, London WC2N 5DN', label: 'Trafalgar Square' },
  { latitude: 40.748441, longitude: -73.985664, address: '20 W 34th St, New York, NY 10001', label: 'Empire State Building' },
] as const;

/** The body of `type`: text, html, image, file or location; another type gets `{type}` alone, for the caller to fill. */
export function messageBody(random: Random, { type, text, messageId }: BodyOptions): MessageBody {
  switch (type) {
    case 'text':
      return { type, text: { text } };
    case 'html':
      return { type, html: { text, html: `<p>${text}</p>` } };
    case 'image':
      return { type, image: { images: [{ mediaUrl: mediaUrl(random, messageId) }] } };
    case 'file':
      // Bird's document example; a sticker, video or audio differs only in contentType (and has no filename).
      return {
        type,
        file: { files: [{ contentType: 'application/pdf', mediaUrl: mediaUrl(random, messageId), filename: 'document.pdf' }] },
      };
    case 'location': {
      const { latitude, longitude, address, label } = random.pick(PLACES);
      return { type, location: { coordinates: { latitude, longitude }, location: { address, label } } };
    }
    default:
      return { type };
  }
}

/** Where Bird serves an incoming message's media: the workspace, the message and the medium. */
function mediaUrl(random: Random, messageId: string): string {
  return `https://media.nest.messagebird.com/workspaces/${random.uuid()}/messages/${messageId}/media/${random.uuid()}`;
}
