import { Hono, type Context } from 'hono';
import type { Clock } from '../../../clock/clock.js';
import type { SentMessage } from '../../../domain/message.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import type { Random } from '../../../random.js';
import type { MessageOutbox } from '../../api-dialect.js';
import { cursorPage } from '../cursor.js';
import { invalidParam, PlatformError } from '../errors.js';
import { typedIdPattern } from '../ids.js';
import type { SendChannel } from '../sends/send-channel.js';
import { sendThrough } from '../sends/send-message.js';
import { readJsonBody } from '../../../http/request.js';
import type { PlatformEnv } from './context.js';
import { cursorQuery, limitQuery, timestampQuery } from './params.js';

export interface MessageRoutesOptions {
  outbox: MessageOutbox;
  clock: Clock;
  random: Random;
}

/**
 * One channel's send, get, list and (where Bird has it) events routes, under `/v1/{channel}/messages`
 * (sends.md): a send answers 202 with the message, and its lifecycle's webhooks follow on the clock;
 * reads answer what those webhooks told. Each key sees its own workspace's messages only.
 */
export function messageRoutes(channel: SendChannel, { outbox, clock, random }: MessageRoutesOptions): Hono<PlatformEnv> {
  const app = new Hono<PlatformEnv>();
  const base = `/${channel.channel}/messages`;
  const idPattern = typedIdPattern(channel.idPrefix);

  const own = (c: Context<PlatformEnv>) => (m: SentMessage) =>
    m.api === 'platform' && m.channel === channel.channel && m.workspaceId === c.get('workspaceId');

  /** The message `{message_id}` names, in the key's workspace. */
  const messageOf = (c: Context<PlatformEnv>): SentMessage => {
    const id = c.req.param('message_id') ?? '';
    if (!idPattern.test(id)) {
      throw invalidParam('message_id', `must be ${channel.idPrefix}_ followed by 26 lowercase Crockford base32 characters`);
    }
    const message = outbox.get(id);
    if (!message || !own(c)(message)) throw new PlatformError('MessageNotFound', `No ${channel.channel} message ${id} in this workspace.`);
    return message;
  };

  app.post(base, async (c) => {
    const { answer } = await sendThrough(channel, await readJsonBody(c), { outbox, clock, random, workspaceId: c.get('workspaceId') });
    return c.json(answer, 202);
  });

  app.get(base, (c) => {
    const limit = limitQuery(c, { fallback: 25, max: 100 });
    const after = timestampQuery(c, 'created_after');
    const before = timestampQuery(c, 'created_before');
    const matches = channel.query({ get: (name) => c.req.query(name) || undefined, all: (name) => c.req.queries(name) ?? [] });
    const rows = outbox
      .list()
      .filter(own(c))
      .filter((m) => {
        const created = Date.parse(m.createdAt);
        return (after === undefined || created >= after) && (before === undefined || created < before) && matches(m);
      })
      .map((message) => ({ id: message.id, key: message.createdAt, message }));
    // The envelope of /v1/webhooks; `total` stays null, as these lists take no `include_total`.
    const query = { limit, sort: 'created_at', order: 'desc' as const, includeTotal: false };
    const cursors = { startingAfter: cursorQuery(c, 'starting_after'), endingBefore: cursorQuery(c, 'ending_before') };
    return c.json(
      cursorPage(rows, { ...query, ...cursors }, (row) => channel.view(row.message)),
      200,
    );
  });
  refuseOtherMethods(app, base, ['GET', 'POST']);

  app.get(`${base}/:message_id`, (c) => c.json(channel.view(messageOf(c)), 200));
  refuseOtherMethods(app, `${base}/:message_id`, ['GET']);

  const timeline = channel.timeline;
  if (timeline) {
    app.get(`${base}/:message_id/events`, (c) => {
      const type = c.req.query('type') || undefined;
      const data = timeline(messageOf(c)).filter((event) => type === undefined || event.type === type);
      return c.json({ data }, 200);
    });
    refuseOtherMethods(app, `${base}/:message_id/events`, ['GET']);
  }
  return app;
}
