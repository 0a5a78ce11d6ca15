import { digits, hex, phoneNumber } from '../../catalogue/fake-data.js';
import type { GenerateContext } from '../../catalogue/types.js';
import type { Random } from '../../random.js';
import { typedId } from './ids.js';

/**
 * Fakers only the platform API needs, beside the shared ones in `catalogue/fake-data.ts`. Same
 * rules: only the given `Random`, reserved example domains and documentation IP ranges, so a
 * generated value never reaches a real mailbox or host.
 */

const DAY_MS = 24 * 3_600_000;

/** The `ws_` id of a workspace created a month to two years before `now`. */
export function generatedWorkspaceId({ random, now }: GenerateContext): string {
  return typedId(random, 'ws', now - random.int(30 * DAY_MS, 730 * DAY_MS));
}

/** The countries `phoneNumber()` draws from, by their E.164 prefix. */
const COUNTRIES = [
  { code: 'NL', prefix: '+31' },
  { code: 'US', prefix: '+1' },
  { code: 'GB', prefix: '+44' },
  { code: 'DE', prefix: '+49' },
] as const;
export type CountryCode = (typeof COUNTRIES)[number]['code'];

/** Real mobile networks with their MCC+MNC, so `carrier` and `mcc_mnc` agree with the number. */
const CARRIERS: Readonly<Record<CountryCode, readonly { name: string; mccMnc: string }[]>> = {
  NL: [
    { name: 'KPN', mccMnc: '20408' },
    { name: 'Vodafone NL', mccMnc: '20404' },
    { name: 'Odido', mccMnc: '20416' },
  ],
  US: [
    { name: 'Verizon', mccMnc: '311480' },
    { name: 'T-Mobile US', mccMnc: '310260' },
    { name: 'AT&T', mccMnc: '310410' },
  ],
  GB: [
    { name: 'EE', mccMnc: '23430' },
    { name: 'Vodafone UK', mccMnc: '23415' },
    { name: 'O2 UK', mccMnc: '23410' },
  ],
  DE: [
    { name: 'Telekom', mccMnc: '26201' },
    { name: 'Vodafone DE', mccMnc: '26202' },
    { name: 'O2 DE', mccMnc: '26203' },
  ],
};

/** The country of an E.164 number from `phoneNumber()`; `US` for any other +1 number. */
export function countryOf(phoneNumber: string): CountryCode {
  const country = COUNTRIES.find((c) => phoneNumber.startsWith(c.prefix));
  if (country === undefined) throw new RangeError(`no country known for ${phoneNumber}`);
  return country.code;
}

/** A number from `phoneNumber()` in `country`, e.g. a business number where its customer lives. */
export function phoneNumberIn(random: Random, country: CountryCode): string {
  for (;;) {
    const number = phoneNumber(random);
    if (countryOf(number) === country) return number;
  }
}

/** A mobile network of the number's country. */
export function carrierOf(random: Random, phoneNumber: string): { name: string; mccMnc: string } {
  return random.pick(CARRIERS[countryOf(phoneNumber)]);
}

const TAG_SETS = [
  [{ name: 'category', value: 'welcome' }],
  [{ name: 'category', value: 'order-confirmation' }],
  [
    { name: 'campaign', value: 'spring-sale' },
    { name: 'variant', value: 'b' },
  ],
  [{ name: 'template', value: 'password-reset' }],
] as const;

/** The `tags` a send carried, or null (Bird: "Null when the send carried no tags"). */
export function sendTags(random: Random): { name: string; value: string }[] | null {
  return random.next() < 0.3 ? null : random.pick(TAG_SETS).map((tag) => ({ ...tag }));
}

/** The `metadata` a send carried, or null, in the shape of Bird's examples (`{"order_id":"ord_123"}`). */
export function sendMetadata(random: Random): Record<string, unknown> | null {
  switch (random.int(0, 3)) {
    case 0:
      return null;
    case 1:
      return { order_id: `ord_${digits(random, 6)}` };
    case 2:
      return { user_id: `usr_${digits(random, 5)}`, plan: random.pick(['free', 'pro', 'enterprise'] as const) };
    default:
      return { customer_id: `cus_${hex(random, 12)}` };
  }
}

/** A client address in the documentation ranges of RFC 5737 (203.0.113.0/24, 198.51.100.0/24). */
export function clientIp(random: Random): string {
  return `${random.pick(['203.0.113', '198.51.100'] as const)}.${random.int(1, 254)}`;
}

/** A sending (MTA) address, in 192.0.2.0/24 as Bird's examples are. */
export function sendingIp(random: Random): string {
  return `192.0.2.${random.int(10, 60)}`;
}

/** User agents of the clients that load tracking pixels and follow links. */
export const MAIL_USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)',
] as const;

/** A sending domain of a workspace, e.g. `mail.example.com`. */
export function sendingDomain(random: Random): string {
  return `${random.pick(['mail', 'news', 'notify', 'em'] as const)}.${random.pick(['example.com', 'example.net', 'example.org'] as const)}`;
}

/** An RFC 5322 Message-ID as a mail client writes it, e.g. `<CAH+T8d5a1b2…@mail.example.com>`. */
export function messageIdHeader(random: Random): string {
  return `<${random.string(20)}@mail.${random.pick(['example.com', 'example.net', 'example.org'] as const)}>`;
}

// GSM 03.38: the basic table costs one septet a character, the extension table two.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * The segment breakdown of an SMS body, as Bird's `SmsSegments` describes it: `GSM_7BIT` (160
 * septets, 153 a part) unless a character is outside GSM 03.38, then `UCS2` (70 UTF-16 units, 67 a part).
 */
export function smsSegments(text: string): { count: number; encoding: 'GSM_7BIT' | 'UCS2'; characters: number } {
  const codePoints = [...text];
  const gsm = codePoints.every((c) => GSM_BASIC.includes(c) || GSM_EXTENDED.includes(c));
  const units = gsm ? codePoints.reduce((sum, c) => sum + (GSM_EXTENDED.includes(c) ? 2 : 1), 0) : text.length;
  const [single, part] = gsm ? [160, 153] : [70, 67];
  return { count: units <= single ? 1 : Math.ceil(units / part), encoding: gsm ? 'GSM_7BIT' : 'UCS2', characters: codePoints.length };
}

/** Per-segment prices in USD: what Bird charges, and the carrier fees it passes on (US 10DLC). */
const SMS_PRICES: Readonly<Record<CountryCode, { transaction: number; passthrough: number }>> = {
  NL: { transaction: 0.0712, passthrough: 0 },
  US: { transaction: 0.0079, passthrough: 0.003 },
  GB: { transaction: 0.0365, passthrough: 0 },
  DE: { transaction: 0.0768, passthrough: 0 },
};

/**
 * Bird's `MessageCost` of an SMS to `to`: decimal strings with five places, `amount` the sum of the
 * priced components. Carrier fees are priced once the carrier has the message, so before that
 * (`passthroughPriced: false`) `passthrough_amount` is null, as Bird writes an unpriced component.
 */
export function smsCost(
  to: string,
  segmentCount: number,
  passthroughPriced: boolean,
): { amount: string; currency_code: string; transaction_amount: string; passthrough_amount: string | null } {
  const price = SMS_PRICES[countryOf(to)];
  const transaction = price.transaction * segmentCount;
  const passthrough = passthroughPriced ? price.passthrough * segmentCount : 0;
  return {
    amount: (transaction + passthrough).toFixed(5),
    currency_code: 'USD',
    transaction_amount: transaction.toFixed(5),
    passthrough_amount: passthroughPriced ? passthrough.toFixed(5) : null,
  };
}
